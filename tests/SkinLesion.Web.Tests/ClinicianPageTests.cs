using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Tests.Shared.Fuzzing;

namespace SkinLesion.Web.Tests;

/// <summary>The clinician's Razor page over the in-memory host: the form post, its refusals and the model page.</summary>
[Collection(ApiGroup.Name)]
public sealed partial class ClinicianPageTests(ApiFactory factory)
{
    private const string TenMegabytes = "10,485,760";

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Get_Root_ReturnsUploadFormWithLimitsAcceptListAndAntiforgeryToken()
    {
        // Act
        using var response = await _client.GetAsync("/");
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("SkinLesion <strong>Check</strong>", html, StringComparison.Ordinal);
        Assert.Contains("enctype=\"multipart/form-data\"", html, StringComparison.Ordinal);
        Assert.Contains("accept=\".png,.jpg,.jpeg,.jfif,image/png,image/jpeg\"", html, StringComparison.Ordinal);
        Assert.Contains("up to <strong>10 MB</strong>", html, StringComparison.Ordinal);
        Assert.Contains("(.png, .jpg, .jpeg, .jfif)", html, StringComparison.Ordinal);
        Assert.Matches(PageText.AntiforgeryToken(), html);
        Assert.Contains("never stored", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FormWithoutAntiforgeryToken_Returns400WithExpiredFormMessageAndNoResult()
    {
        // Arrange: a fresh client has neither the antiforgery cookie nor the form field.
        using var client = factory.CreateClient();
        using var form = Form(TestImages.LesionPng(), "lesion.png", token: null);

        // Act
        using var response = await client.PostAsync("/", form);
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("data-refusal=\"invalid-antiforgery-token\"", html, StringComparison.Ordinal);
        Assert.Contains("The form has expired", html, StringComparison.Ordinal);
        // One next step, below the detail; the page that comes back carries a fresh form, so no reload is needed.
        Assert.Contains("<p class=\"refusal-next\">The image was not stored. Choose it again, then press Classify.</p>", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "press Classify"));
        Assert.DoesNotContain("data-verdict", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FormWithForeignToken_Returns400()
    {
        // Arrange: a token issued to another client does not match this client's cookie.
        using var other = factory.CreateClient();
        var foreignToken = await TokenAsync(other);
        await TokenAsync(_client);
        using var form = Form(TestImages.LesionPng(), "lesion.png", foreignToken);

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The form has expired", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FormWithGeneratedPng_Returns200WithVerdictSevenSortedBarsAndInlinePreview()
    {
        // Arrange
        var image = AssessmentImages.DermoscopyLikePng(640, 480);
        using var form = Form(image, "lesion.png", await TokenAsync(_client));

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("data-verdict=\"(benign|malignant)\"", html);
        var probabilities = PageText.ClassBar().Matches(html).Select(m => double.Parse(m.Groups["p"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ShippedModel.ClassCount, probabilities.Count);
        Assert.Equal(probabilities.OrderByDescending(p => p), probabilities);
        Assert.InRange(probabilities.Sum(), 0.999, 1.001);
        Assert.Contains($"src=\"data:image/png;base64,{Convert.ToBase64String(image)}\"", html, StringComparison.Ordinal);
        Assert.Contains("Melanocytic nevus", html, StringComparison.Ordinal);
        Assert.Contains(ShippedModel.NameAndVersion, html, StringComparison.Ordinal);
        Assert.Contains("not a diagnosis", html, StringComparison.Ordinal);
        Assert.Contains($"The threshold is set low on purpose: it was chosen so that about {ShippedModel.TargetSensitivityPercent} of malignant lesions in the validation images score at or above it", html, StringComparison.Ordinal);
        Assert.Contains("The image was not stored", html, StringComparison.Ordinal);
        Assert.Contains("Classify another image", html, StringComparison.Ordinal);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], HttpStatusCode, string, string> Refusals => new()
    {
        { "docx", TestImages.WithPadding(TestImages.DocxPrefix), HttpStatusCode.UnsupportedMediaType, "This file is not a PNG or JPEG image", "ZIP container (e.g. .docx, .xlsx)" },
        { "truncated jpeg", TestImages.LesionJpeg()[..600], HttpStatusCode.UnprocessableEntity, "The image cannot be read", "JPEG file is truncated" },
        { "arithmetic-coded jpeg", JpegSegments.WithFrame(TestImages.LesionJpeg(640, 480), 0xC9, 8), HttpStatusCode.UnprocessableEntity, "The image cannot be read", "uses arithmetic coding, which this service does not decode" },
        { "empty", [], HttpStatusCode.BadRequest, "The file is empty", "0 bytes" },
        { "too small", TestImages.LesionPng(40, 30), HttpStatusCode.UnprocessableEntity, "The image is too small to classify", "at least 64 pixels" },
        { "too many pixels", TestImages.HugeBlackPng(20_000, 20_000), HttpStatusCode.UnprocessableEntity, "The image has too many pixels", "400,000,000 pixels" },
        { "too large", new byte[(10 * 1024 * 1024) + 1], HttpStatusCode.RequestEntityTooLarge, "The file is too large", TenMegabytes },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Post_FormWithRefusedFile_ReturnsPageWithSpecificMessageNextToTheForm(string caseName, byte[] bytes, HttpStatusCode status, string heading, string detail)
    {
        // Arrange
        using var form = Form(bytes, "upload.jpg", await TokenAsync(_client));

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.True(status == response.StatusCode, $"{caseName}: expected {(int)status}, got {(int)response.StatusCode}");
        Assert.Contains(heading, html, StringComparison.Ordinal);
        Assert.Contains(detail, html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" at SkinLesion.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FormWithoutFile_Returns400AskingToChooseAFile()
    {
        // Arrange
        using var form = new MultipartFormDataContent { { new StringContent(await TokenAsync(_client)), "__RequestVerificationToken" } };

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("No image was chosen", html, StringComparison.Ordinal);
        Assert.Contains("Choose a PNG or JPEG image", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_RawImageBodyInsteadOfForm_Returns415PointingTheProgramAtTheApi()
    {
        // Arrange
        using var body = Http.Raw(TestImages.LesionPng(), "image/png");

        // Act
        using var response = await _client.PostAsync("/", body);
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("data-refusal=\"unsupported-media-type\"", html, StringComparison.Ordinal);
        Assert.Contains("Content-Type 'image/png' is not the upload page's form", html, StringComparison.Ordinal);
        Assert.Contains("/api/v1/classifications", html, StringComparison.Ordinal);
        Assert.DoesNotContain("raw body", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_MultipartBodyCutShort_Returns400WithTheUploadNotIntactMessage()
    {
        // Arrange: the closing boundary never arrives.
        using var body = new StringContent("--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\nabc");
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        // Act
        using var response = await _client.PostAsync("/", body);
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The upload did not arrive intact", html, StringComparison.Ordinal);
        Assert.Contains("The form could not be read", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ModelPage_ShowsIntendedUseMetricsFiguresLicenceAndSha256()
    {
        // Act
        using var response = await _client.GetAsync("/model");
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Intended use", html, StringComparison.Ordinal);
        Assert.Contains($"Balanced accuracy (shipped decision rule)</th><td>{ShippedModel.TestMetricText("balancedAccuracy")}</td>", html, StringComparison.Ordinal);
        Assert.Contains($"about {ShippedModel.TargetSensitivityPercent} sensitivity", html, StringComparison.Ordinal);
        Assert.Contains(ShippedModel.DataLicence, html, StringComparison.Ordinal);
        Assert.Contains(ShippedModel.Sha256, html, StringComparison.Ordinal);
        foreach (var figure in new[] { "confusion", "roc", "reliability", "curves" })
        {
            Assert.Contains($"src=\"/model/figures/{figure}?v={ShippedModel.Version}\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Get_ModelPage_ShowsEveryTrainingSourcesValidationAndTheOtherClinicsInTraining()
    {
        // Arrange: what the manifest says (a model trained on one source has neither, and the page shows neither).
        var metrics = ShippedModel.Manifest.GetProperty("metrics");
        var sources = metrics.TryGetProperty("validationBySource", out var bySource)
            ? bySource.EnumerateObject().ToList()
            : [];
        bool hasOthers = ShippedModel.Manifest.GetProperty("data").TryGetProperty("extraTrainingSources", out _);

        // Act
        using var response = await _client.GetAsync("/model");
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sources.Count > 0, html.Contains("id=\"by-source\"", StringComparison.Ordinal));
        foreach (var source in sources)
        {
            string sensitivity = source.Value.GetProperty("malignantSensitivity").GetDouble().ToString("0.000", CultureInfo.InvariantCulture);
            string specificity = source.Value.GetProperty("malignantSpecificity").GetDouble().ToString("0.000", CultureInfo.InvariantCulture);
            Assert.Matches($"<th scope=\"row\">{Regex.Escape(source.Name)}</th>(<td>[^<]*</td>){{3}}<td>{sensitivity}</td><td>{specificity}</td>", html);
        }

        Assert.Equal(hasOthers, html.Contains("Other clinics in training", StringComparison.Ordinal));
        Assert.Equal(sources.Count > 1, html.Contains("sensitivity on every training source", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_ModelFigure_ReturnsThePngFromTheModelFolder()
    {
        // Act
        using var response = await _client.GetAsync("/model/figures/confusion");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(RepoLayout.ModelsDirectory, ShippedModel.FigureFile("confusion"))), bytes);
    }

    [Theory]
    [InlineData("/css/site.css", "text/css", "--brand")]
    [InlineData("/js/upload.js", "text/javascript", "createObjectURL")]
    [InlineData("/favicon.svg", "image/svg+xml", "<svg")]
    public async Task Get_StaticAsset_IsServedFromTheTopLevelWebRoot(string path, string mediaType, string content)
    {
        // Act
        using var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(content, body, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepoLayout.Root, "wwwroot", path.TrimStart('/'))), body);
    }

    internal static async Task<string> TokenAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/");
        return WebUtility.HtmlDecode(PageText.AntiforgeryToken().Match(html).Groups["token"].Value);
    }

    internal static MultipartFormDataContent Form(byte[] bytes, string fileName, string? token)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var form = new MultipartFormDataContent { { file, "image", fileName } };
        if (token is not null)
        {
            form.Add(new StringContent(token), "__RequestVerificationToken");
        }

        return form;
    }
}
