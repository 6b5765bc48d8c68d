using System.Net;
using System.Text.Json;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests;

[Collection(ApiGroup.Name)]
public sealed class ClassificationEndpointTests(ApiFactory factory)
{
    private const string TenMegabytes = "10,485,760";

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Post_GeneratedPngInMultipart_Returns200WithProbabilitiesVerdictAndDisclaimer()
    {
        // Arrange
        using var content = Http.Multipart(AssessmentImages.DermoscopyLikePng(640, 480), "lesion.png", "image/png");

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, content);

        // Assert
        var result = await Http.AssertClassificationAsync(response);
        Assert.Equal("png", result.GetProperty("image").GetProperty("format").GetString());
        Assert.Equal(640, result.GetProperty("image").GetProperty("width").GetInt32());
    }

    [Fact]
    public async Task Post_GeneratedJpegInMultipart_Returns200()
    {
        using var content = Http.Multipart(AssessmentImages.DermoscopyLikeJpeg(1024, 768), "lesion.jpg", "image/jpeg");

        using var response = await _client.PostAsync(Http.ClassificationsPath, content);

        var result = await Http.AssertClassificationAsync(response);
        Assert.Equal("jpeg", result.GetProperty("image").GetProperty("format").GetString());
    }

    [Fact]
    public async Task Post_RawJpegBody_Returns200SameAsMultipart()
    {
        // Arrange
        var jpeg = AssessmentImages.DermoscopyLikeJpeg(800, 600);

        // Act
        using var raw = await _client.PostAsync(Http.ClassificationsPath, Http.Raw(jpeg, "image/jpeg"));
        using var multipart = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(jpeg, "x.jpg", "image/jpeg"));

        // Assert
        var rawResult = await Http.AssertClassificationAsync(raw);
        var multipartResult = await Http.AssertClassificationAsync(multipart);
        Assert.Equal(multipartResult.GetProperty("probabilities").GetRawText(), rawResult.GetProperty("probabilities").GetRawText());
    }

    [Fact]
    public async Task Post_RawPngBody_Returns200()
    {
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Raw(AssessmentImages.DermoscopyLikePng(200, 150), "image/png"));

        await Http.AssertClassificationAsync(response);
    }

    [Theory]
    [InlineData("image/jpg", false)]
    [InlineData("image/pjpeg", false)]
    [InlineData("application/octet-stream", false)]
    [InlineData("Application/Octet-Stream; charset=binary", false)]
    [InlineData("image/x-png", true)]
    [InlineData("application/octet-stream", true)]
    public async Task Post_RawBodyWithAnAliasOrOctetStream_ClassifiedAsTheMultipartUpload(string contentType, bool png)
    {
        // Arrange: what integration engines and older capture software send for an image; the bytes decide the format.
        var image = png ? AssessmentImages.DermoscopyLikePng(200, 150) : AssessmentImages.DermoscopyLikeJpeg(800, 600);

        // Act
        using var raw = await _client.PostAsync(Http.ClassificationsPath, Http.Raw(image, contentType));
        using var multipart = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(image, png ? "x.png" : "x.jpg", png ? "image/png" : "image/jpeg"));

        // Assert
        var rawResult = await Http.AssertClassificationAsync(raw);
        var multipartResult = await Http.AssertClassificationAsync(multipart);
        Assert.Equal(multipartResult.GetProperty("probabilities").GetRawText(), rawResult.GetProperty("probabilities").GetRawText());
        Assert.Equal(png ? "png" : "jpeg", rawResult.GetProperty("image").GetProperty("format").GetString());
    }

    [Fact]
    public async Task Post_RawGifAsOctetStream_Returns415NamingTheFormatItIs()
    {
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Raw(TestImages.WithPadding(TestImages.GifPrefix), "application/octet-stream"));

        await Http.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "GIF");
    }

    [Fact]
    public async Task Post_PngDeclaredAsJpeg_IsJudgedByItsBytesAndReturns200()
    {
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(AssessmentImages.DermoscopyLikePng(), "photo.jpg", "image/jpeg"));

        var result = await Http.AssertClassificationAsync(response);
        Assert.Equal("png", result.GetProperty("image").GetProperty("format").GetString());
    }

    [SharedDataFact]
    public async Task Post_RealHamJpeg_Returns200WithTheModelsIdentity()
    {
        // Arrange
        var image = HamArchive.Read(["ISIC_0024306"]).Values.Single();
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(RepoLayout.ManifestPath)).RootElement;

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(image, "ISIC_0024306.jpg", "image/jpeg"));

        // Assert
        var result = await Http.AssertClassificationAsync(response);
        Assert.Equal(manifest.GetProperty("sha256").GetString(), result.GetProperty("model").GetProperty("sha256").GetString());
        Assert.Equal(manifest.GetProperty("version").GetString(), result.GetProperty("model").GetProperty("version").GetString());
        Assert.Equal(manifest.GetProperty("malignantThreshold").GetProperty("value").GetDouble(), result.GetProperty("verdict").GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task Post_FiftyConcurrentIdenticalImages_EachServedIdenticallyOrRefusedForLoad()
    {
        // Arrange
        var png = AssessmentImages.DermoscopyLikePng(800, 600);

        // Act: more at once than the slots and the line hold (issue 17): the excess is refused, never queued without limit.
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var content = Http.Multipart(png, "lesion.png", "image/png");
            using var response = await _client.PostAsync(Http.ClassificationsPath, content);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(), RetryAfter: response.Headers.RetryAfter);
        }));

        // Assert: every answer is a 200 with the same probabilities, or a load refusal with Retry-After: 503 service-busy
        // when the line is full, 429 too-many-requests when this one client holds its share of it (ADR 0059).
        var served = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.True(served.Count >= 2, $"only {served.Count} of 50 were served");
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r =>
        {
            var type = JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString();
            Assert.True(
                (r.StatusCode, type) == (HttpStatusCode.ServiceUnavailable, ProblemTypes.ServiceBusy) || (r.StatusCode, type) == (HttpStatusCode.TooManyRequests, ProblemTypes.TooManyRequests),
                $"{(int)r.StatusCode} {type}");
            Assert.True(r.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"{(int)r.StatusCode} without Retry-After");
        });
        var probabilities = served.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("probabilities").GetRawText()).Distinct().ToList();
        Assert.Single(probabilities);
        var requestIds = responses.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("requestId").GetString()).Distinct().Count();
        Assert.Equal(50, requestIds);
    }

    [Fact]
    public async Task Post_NoBody_Returns400MissingImageProblemDetails()
    {
        using var response = await _client.PostAsync(Http.ClassificationsPath, null);

        await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.MissingImage, "no image");
    }

    [Fact]
    public async Task Post_MultipartWithoutImageField_Returns400NamingTheExpectedField()
    {
        using var content = Http.Multipart(TestImages.LesionPng(), "lesion.png", "image/png", field: "file");

        using var response = await _client.PostAsync(Http.ClassificationsPath, content);

        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.MissingImage, "field 'image'");
        Assert.Contains("'file'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_EmptyFile_Returns400EmptyImageProblemDetails()
    {
        using var content = Http.Multipart([], "empty.jpg", "image/jpeg");

        using var response = await _client.PostAsync(Http.ClassificationsPath, content);

        await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.EmptyImage, "empty");
    }

    [Fact]
    public async Task Post_EmptyRawBody_Returns400EmptyImageProblemDetails()
    {
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Raw([], "image/png"));

        await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.EmptyImage, "empty");
    }

    [Theory]
    [InlineData(0, "has no boundary parameter")]
    [InlineData(71, "71 characters long; at most 70")]
    [InlineData(5000, "5000 characters long; at most 70")] // longer than MultipartReader's buffer, which throws
    public async Task Post_MultipartWithoutAUsableBoundary_Returns400Malformed(int boundaryLength, string says)
    {
        var boundary = new string('b', boundaryLength);
        using var content = Http.Raw(System.Text.Encoding.ASCII.GetBytes($"--{boundary}\r\n"), boundaryLength == 0 ? "multipart/form-data" : $"multipart/form-data; boundary={boundary}");

        using var response = await _client.PostAsync(Http.ClassificationsPath, content);

        await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.MalformedRequest, says);
    }

    [Fact]
    public async Task Post_MultipartCutShortBeforeClosingBoundary_Returns400Malformed()
    {
        // Arrange
        using var content = new StringContent("--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\nabc");
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, content);

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.MalformedRequest, "could not be read");
    }

    [Fact]
    public async Task Post_FileOneByteOverTheCapInMultipart_Returns413ProblemDetails()
    {
        // Arrange: JPEG magic so only the size can be the reason.
        var bytes = TestImages.WithPadding([0xFF, 0xD8, 0xFF, 0xE0], (10 * 1024 * 1024) + 1);
        using var content = Http.Multipart(bytes, "big.jpg", "image/jpeg");

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, content);

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge, TenMegabytes);
    }

    [Fact]
    public async Task Post_RawBodyDeclaredOverTheCap_Returns413ProblemDetails()
    {
        var bytes = TestImages.WithPadding([0x89, 0x50, 0x4E, 0x47], 12 * 1024 * 1024);

        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Raw(bytes, "image/png"));

        await Http.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge, "12,582,912");
    }

    [Fact]
    public async Task Post_DocxRenamedToJpg_Returns415ProblemDetails()
    {
        using var content = Http.Multipart(TestImages.WithPadding(TestImages.DocxPrefix), "report.jpg", "image/jpeg");

        using var response = await _client.PostAsync(Http.ClassificationsPath, content);

        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "ZIP");
        Assert.Contains("PNG", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("JPEG", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> RejectedFormats => new()
    {
        { "gif", "image/gif", "GIF" },
        { "webp", "image/webp", "WebP" },
        { "bmp", "image/bmp", "BMP" },
        { "tiff", "image/tiff", "TIFF" },
        { "pdf", "application/pdf", "PDF" },
        { "svg", "image/svg+xml", "SVG" },
    };

    [Theory]
    [MemberData(nameof(RejectedFormats))]
    public async Task Post_OtherFormatNamedJpg_Returns415ListingAcceptedFormats(string kind, string declaredType, string named)
    {
        // Arrange: the name and Content-Type claim JPEG; only the bytes tell the truth.
        var prefix = kind switch
        {
            "gif" => TestImages.GifPrefix,
            "webp" => TestImages.WebpPrefix,
            "bmp" => TestImages.BmpPrefix,
            "tiff" => TestImages.TiffPrefix,
            "pdf" => TestImages.PdfPrefix,
            _ => TestImages.SvgPrefix,
        };
        using var content = Http.Multipart(TestImages.WithPadding(prefix), "lesion.jpg", "image/jpeg");

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, content);

        // Assert
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, named);
        Assert.Contains("PNG (image/png) or JPEG (image/jpeg)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // And the same bytes sent honestly, as a raw body with their own Content-Type: refused alike.
        using var honest = await _client.PostAsync(Http.ClassificationsPath, Http.Raw(TestImages.WithPadding(prefix), declaredType));
        await Http.AssertProblemAsync(honest, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, named);
    }

    [Fact]
    public async Task Post_RawGifDeclaredAsPng_Returns415()
    {
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Raw(TestImages.WithPadding(TestImages.GifPrefix), "image/png"));

        await Http.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "GIF");
    }

    [Fact]
    public async Task Post_TextPlainBody_Returns415NamingAcceptedContentTypes()
    {
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Raw("hello"u8.ToArray(), "text/plain"));

        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "image/jpeg");
        Assert.Contains("application/octet-stream", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_TruncatedJpeg_Returns422CorruptImage()
    {
        var jpeg = TestImages.LesionJpeg(640, 480);

        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(jpeg[..(jpeg.Length / 2)], "cut.jpg", "image/jpeg"));

        await Http.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ProblemTypes.CorruptImage, "truncated");
    }

    [Fact]
    public async Task Post_TruncatedPng_Returns422CorruptImage()
    {
        var png = TestImages.LesionPng(640, 480);

        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(png[..(png.Length / 2)], "cut.png", "image/png"));

        await Http.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ProblemTypes.CorruptImage, "truncated");
    }

    [Fact]
    public async Task Post_PngSignatureFollowedByGarbage_Returns422CorruptImage()
    {
        byte[] garbage = [.. TestImages.WithPadding([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 4096), .. "IEND"u8.ToArray()];

        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(garbage, "x.png", "image/png"));

        await Http.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ProblemTypes.CorruptImage, "cannot be decoded");
    }

    [Fact]
    public async Task Post_TwentyThousandSquarePng_Returns422TooManyPixelsWithoutDecoding()
    {
        // Arrange: a valid 1-bit 20000x20000 PNG under 1 MB (decoding it would need 1.6 GB), and the same header over
        // pixel data that cannot be decoded.
        var png = TestImages.HugeBlackPng(20_000, 20_000);
        Assert.True(png.Length < 1_000_000);
        var undecodable = TestImages.PngWithUndecodablePixels(20_000, 20_000);

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(png, "huge.png", "image/png"));
        using var headerOnly = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(undecodable, "huge.png", "image/png"));

        // Assert: both refused for their size, named from the header; the second would be corrupt-image had any pixel been decoded.
        await Http.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ProblemTypes.TooManyPixels, "20000x20000");
        await Http.AssertProblemAsync(headerOnly, HttpStatusCode.UnprocessableEntity, ProblemTypes.TooManyPixels, "20000x20000");
    }

    [Fact]
    public async Task Post_ImageBelowMinimumSide_Returns422ImageTooSmall()
    {
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(TestImages.LesionPng(48, 48), "tiny.png", "image/png"));

        await Http.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, ProblemTypes.ImageTooSmall, "48x48");
    }

    [Fact]
    public async Task Get_UnknownRoute_Returns404ProblemDetailsWithRequestId()
    {
        using var response = await _client.GetAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(ProblemTypes.NotFound, problem.GetProperty("type").GetString());
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("requestId").GetString()));
    }
}
