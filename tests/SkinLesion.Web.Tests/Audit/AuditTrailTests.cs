using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests.Audit;

/// <summary>Every answer, from the API and from the page, is recorded and fetched back by the requestId it carried.</summary>
[Collection(ApiGroup.Name)]
public sealed partial class AuditTrailTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Post_ClassifiedImage_RecordMatchesTheAnswerAndTheUploadedBytes()
    {
        // Arrange
        var upload = AssessmentImages.DermoscopyLikeJpeg(200, 150);

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(upload, "lesion.jpg", "image/jpeg"));
        var answer = await Http.AssertClassificationAsync(response);
        var record = await AuditRecords.FetchAsync(factory, answer.GetProperty("requestId").GetString()!);

        // Assert
        AuditRecords.AssertMatchesAnswer(answer, record, upload, "api");
        Assert.Equal(ShippedModel.ScreeningArtifactVersion, record.GetProperty("screeningArtifactVersion").GetString());
        Assert.False(record.TryGetProperty("problemType", out _));
        Assert.True(DateTimeOffset.UtcNow - record.GetProperty("recordedUtc").GetDateTimeOffset() < TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Post_FeaturelessImage_RecordHasTheReasonAndNoDiagnosis()
    {
        // Arrange
        var upload = AssessmentImages.SolidPng();

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Raw(upload, "image/png"));
        var answer = await Http.AssertRejectedAsync(response, "featureless-image");
        var record = await AuditRecords.FetchAsync(factory, answer.GetProperty("requestId").GetString()!);

        // Assert: the record holds what the answer held, so no diagnosis for a rejected image here either.
        AuditRecords.AssertMatchesAnswer(answer, record, upload, "api");
        Assert.Equal("rejected", record.GetProperty("status").GetString());
        Assert.Equal(["featureless-image"], record.GetProperty("reasonCodes").EnumerateArray().Select(code => code.GetString()));
        foreach (var diagnosis in new[] { "topClass", "probabilities", "verdict" })
        {
            Assert.False(record.TryGetProperty(diagnosis, out _), $"a rejected image's record has '{diagnosis}': {record}");
        }
    }

    [Fact]
    public async Task Post_RefusedUpload_RecordHasTheProblemTypeAndTheUploadsFingerprint()
    {
        // Arrange
        var upload = TestImages.WithPadding(TestImages.DocxPrefix);

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(upload, "report.jpg", "image/jpeg"));
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "ZIP container");
        var record = await AuditRecords.FetchAsync(factory, problem.GetProperty("requestId").GetString()!);

        // Assert
        Assert.Equal("refused", record.GetProperty("status").GetString());
        Assert.Equal(415, record.GetProperty("httpStatus").GetInt32());
        Assert.Equal(ProblemTypes.UnsupportedMediaType, record.GetProperty("problemType").GetString());
        Assert.Equal(AuditRecords.Sha256(upload), record.GetProperty("image").GetProperty("sha256").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("image").GetProperty("format").ValueKind);
        Assert.False(record.TryGetProperty("timings", out _));
        Assert.Empty(record.GetProperty("reasonCodes").EnumerateArray());
    }

    [Fact]
    public async Task Post_TextInsteadOfAnImage_RecordedAsRefusedWithoutAFingerprint()
    {
        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, new StringContent(""));
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "Content-Type");
        var record = await AuditRecords.FetchAsync(factory, problem.GetProperty("requestId").GetString()!);

        // Assert
        Assert.Equal(ProblemTypes.UnsupportedMediaType, record.GetProperty("problemType").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("image").GetProperty("sha256").ValueKind);
        Assert.Equal(0, record.GetProperty("image").GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task PostPageForm_Image_RecordedWithChannelPageUnderTheRequestIdThePageShows()
    {
        // Arrange
        var upload = AssessmentImages.DermoscopyLikePng(640, 480);
        using var form = ClinicianPageTests.Form(upload, "lesion.png", await ClinicianPageTests.TokenAsync(_client));

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = await response.Content.ReadAsStringAsync();
        string requestId = PageText.RequestId().Match(html).Groups["id"].Value;
        var record = await AuditRecords.FetchAsync(factory, System.Net.WebUtility.HtmlDecode(requestId));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("page", record.GetProperty("channel").GetString());
        Assert.Equal(AuditRecords.Sha256(upload), record.GetProperty("image").GetProperty("sha256").GetString());
        Assert.Contains($"data-verdict=\"{record.GetProperty("verdict").GetProperty("label").GetString()}\"", html, StringComparison.Ordinal);
        Assert.Equal(ShippedModel.ClassCount, record.GetProperty("probabilities").EnumerateObject().Count());
        Assert.Contains("The image was not stored", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WithoutACredential_404ForItsOwnRecordAsForAnUnknownId()
    {
        // Arrange: where anonymous use is allowed, every caller without a credential would be the same "client".
        using var posted = await _client.PostAsync(Http.ClassificationsPath, Http.Raw(AssessmentImages.DermoscopyLikePng(), "image/png"));
        var requestId = (await Http.AssertClassificationAsync(posted)).GetProperty("requestId").GetString()!;

        // Act
        using var own = await _client.GetAsync(AuditRecords.AssessmentsPath + Uri.EscapeDataString(requestId));
        using var unknown = await _client.GetAsync(AuditRecords.AssessmentsPath + "0HNOSUCHREQUEST:00000001");

        // Assert: the record exists and is kept, yet neither answer holds anything of it or tells which id exists.
        var ownProblem = await Http.AssertProblemAsync(own, HttpStatusCode.NotFound, ProblemTypes.AssessmentNotFound, "without a credential");
        var unknownProblem = await Http.AssertProblemAsync(unknown, HttpStatusCode.NotFound, ProblemTypes.AssessmentNotFound, "without a credential");
        Assert.Equal(unknownProblem.GetProperty("detail").GetString()!.Replace("0HNOSUCHREQUEST:00000001", requestId, StringComparison.Ordinal), ownProblem.GetProperty("detail").GetString());
        Assert.DoesNotContain("probabilities", ownProblem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(requestId, (await AuditRecords.FetchAsync(factory, requestId)).GetProperty("requestId").GetString());
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task ChangeOrDelete_ARecord_IsNotAllowedThroughTheService(string method)
    {
        // Arrange
        using var posted = await _client.PostAsync(Http.ClassificationsPath, Http.Raw(AssessmentImages.DermoscopyLikePng(), "image/png"));
        var requestId = (await Http.AssertClassificationAsync(posted)).GetProperty("requestId").GetString()!;

        // Act
        using var request = new HttpRequestMessage(new HttpMethod(method), AuditRecords.AssessmentsPath + Uri.EscapeDataString(requestId)) { Content = new StringContent("{}") };
        using var response = await _client.SendAsync(request);
        var record = await AuditRecords.FetchAsync(factory, requestId);

        // Assert
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(ProblemTypes.MethodNotAllowed, problem.GetProperty("type").GetString());
        Assert.Equal(requestId, record.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task GetReady_AuditStoreWritable_ReportsItHealthy()
    {
        // Act
        using var response = await _client.GetAsync("/health/ready");

        // Assert
        var audit = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("audit");
        Assert.Equal("Healthy", audit.GetProperty("status").GetString());
        Assert.Equal("SQLite", audit.GetProperty("data").GetProperty("store").GetString());
    }
}
