using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Problems;
using SkinLesion.Web.Tests.Audit;

namespace SkinLesion.Web.Tests.Site;

/// <summary>With a site profile loaded, every answer, the page, the audit record and /model name the site's operating point and use it.</summary>
public sealed partial class SiteOperatingPointTests(SiteHost host) : IClassFixture<SiteHost>
{
    private readonly HttpClient _client = host.Factory.CreateClient();

    [Fact]
    public async Task Post_Image_ResponseNamesTheSiteOperatingPointAndDecidesAtItsThreshold()
    {
        // Arrange
        var upload = AssessmentImages.DermoscopyLikeJpeg(200, 150);

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Multipart(upload, "lesion.jpg", "image/jpeg"));
        var answer = await Http.AssertClassificationAsync(response);

        // Assert: the profile's name, version and threshold, and the verdict taken at that threshold.
        var operatingPoint = answer.GetProperty("operatingPoint");
        Assert.Equal("site", operatingPoint.GetProperty("kind").GetString());
        Assert.Equal(host.Profile.Site, operatingPoint.GetProperty("name").GetString());
        Assert.Equal(host.Profile.Version, operatingPoint.GetProperty("version").GetString());
        Assert.Equal(0.5, operatingPoint.GetProperty("threshold").GetDouble());
        var verdict = answer.GetProperty("verdict");
        Assert.Equal(0.5, verdict.GetProperty("threshold").GetDouble());
        Assert.Equal(verdict.GetProperty("malignantProbability").GetDouble() >= 0.5, verdict.GetProperty("label").GetString() == "malignant");

        // The band starts at the site's threshold and ends at 0.5, so nothing is borderline at this profile.
        Assert.DoesNotContain("borderline-malignancy", answer.TryGetProperty("reasons", out var reasons) ? reasons.GetRawText() : string.Empty, StringComparison.Ordinal);

        // The model is still the shipped one.
        Assert.Equal(ShippedModel.Sha256, answer.GetProperty("model").GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Post_Image_AuditRecordNamesTheSiteOperatingPoint()
    {
        // Arrange
        var upload = AssessmentImages.DermoscopyLikePng(320, 240);

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Raw(upload, "image/png"));
        var answer = await Http.AssertClassificationAsync(response);
        var record = await AuditRecords.FetchAsync(host.Factory, answer.GetProperty("requestId").GetString()!);

        // Assert
        AuditRecords.AssertMatchesAnswer(answer, record, upload, "api");
        var recorded = record.GetProperty("operatingPoint");
        Assert.Equal(("site", host.Profile.Site, host.Profile.Version), (recorded.GetProperty("kind").GetString(), recorded.GetProperty("name").GetString(), recorded.GetProperty("version").GetString()));
        Assert.Equal(0.5, record.GetProperty("verdict").GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task Post_RefusedUpload_AuditRecordNamesTheSiteOperatingPointToo()
    {
        // Arrange
        var upload = TestImages.WithPadding(TestImages.DocxPrefix);

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, Http.Raw(upload, "image/jpeg"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var record = await AuditRecords.FetchAsync(host.Factory, problem.GetProperty("requestId").GetString()!);

        // Assert: like the model, the operating point says which deployment answered, even without a verdict.
        await Http.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "PNG (image/png) or JPEG (image/jpeg)");
        Assert.Equal("refused", record.GetProperty("status").GetString());
        Assert.Equal("site", record.GetProperty("operatingPoint").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task PostPageForm_Image_ShowsTheSiteOperatingPointBesideTheThreshold()
    {
        // Arrange
        var upload = AssessmentImages.DermoscopyLikePng(640, 480);
        using var form = ClinicianPageTests.Form(upload, "lesion.png", await ClinicianPageTests.TokenAsync(_client));

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var record = await AuditRecords.FetchAsync(host.Factory, PageText.RequestId().Match(html).Groups["id"].Value);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<div><dt>Threshold</dt><dd id=\"threshold\">50.0%</dd></div>", html, StringComparison.Ordinal);
        Assert.Contains($"<dd id=\"operating-point\" data-kind=\"site\">Site: {host.Profile.Site}, profile {host.Profile.Version}</dd>", html, StringComparison.Ordinal);
        Assert.Equal("page", record.GetProperty("channel").GetString());
        Assert.Equal("site", record.GetProperty("operatingPoint").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task GetModelPage_SiteProfile_ShowsSiteFiguresBesideTheShippedOnesAndTheSensitivityWarning()
    {
        // Act
        using var response = await _client.GetAsync("/model");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert: the verdict's threshold is the site's; the table sets the site's figures beside the shipped ones.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("add up to at least <strong>50.0%</strong>, this site's threshold", html, StringComparison.Ordinal);
        Assert.Contains("id=\"operating-point\" data-kind=\"site\"", html, StringComparison.Ordinal);
        Assert.Contains($"the <strong>site</strong> operating point of <strong>{host.Profile.Site}</strong>, profile version <strong>{host.Profile.Version}</strong>", html, StringComparison.Ordinal);
        Assert.Contains(
            $"<tr><th scope=\"row\">Malignant sensitivity</th><td>{ShippedModel.TestMetricText("malignantSensitivity")}</td><td>0.908 (0.740–0.958)</td><td>0.967 (0.932–0.992)</td></tr>",
            html, StringComparison.Ordinal);
        Assert.Contains(
            $"<tr><th scope=\"row\">Malignant specificity</th><td>{ShippedModel.TestMetricText("malignantSpecificity")}</td><td>0.601 (0.541–0.660)</td><td>0.412 (0.354–0.471)</td></tr>",
            html, StringComparison.Ordinal);
        Assert.Contains($"<tr><th scope=\"row\">Threshold (malignant at or above)</th><td>{ShippedModel.MalignantThresholdPercent}</td><td>50.0% (40.0%–62.5% over resamples)</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>[50.0%, 50.0%)</td>", html, StringComparison.Ordinal);

        // The interval reaches 0.74, below the 0.80 guard rail.
        Assert.Contains("id=\"site-sensitivity-warning\"", html, StringComparison.Ordinal);
        Assert.Contains("reaches down to 0.740, below 0.80: with 58 malignant cases", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_SensitivityIntervalBelowTheFloor_LogsAWarningNamingTheProfile()
    {
        // Act: the host started with the class fixture; its warnings were kept.
        var warnings = host.Warnings.ToList();

        // Assert
        Assert.Contains(warnings, warning =>
            warning.Contains($"Site profile {host.Profile.Site} version {host.Profile.Version}", StringComparison.Ordinal)
            && warning.Contains(string.Create(CultureInfo.InvariantCulture, $"0.908 may be as low as 0.740 (the lower end of its 95% interval), below 0.80 (58 malignant cases)"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetModelCard_SiteProfile_NamesTheSiteOperatingPointBesideTheManifestsThreshold()
    {
        // Act
        var card = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/model")).RootElement;

        // Assert
        Assert.Equal(ShippedModel.MalignantThreshold, card.GetProperty("malignantThreshold").GetProperty("value").GetDouble());
        var operatingPoint = card.GetProperty("operatingPoint");
        Assert.Equal("site", operatingPoint.GetProperty("kind").GetString());
        Assert.Equal(0.5, operatingPoint.GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task GetModelPage_SensitivityIntervalAboveTheFloor_NoWarningInThePageOrTheLog()
    {
        // Arrange: a second host whose profile's interval stays above 0.80.
        using var directory = new TemporaryDirectory();
        var path = SiteProfiles.Write(SiteProfiles.Make(threshold: 0.2, sensitivityLower: 0.84), directory.Path);
        var warnings = new ConcurrentQueue<string>();
        using var factory = SiteHost.Start(path, warnings);
        using var client = factory.CreateClient();

        // Act
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/model"));

        // Assert
        Assert.Contains("id=\"operating-point\" data-kind=\"site\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("site-sensitivity-warning", html, StringComparison.Ordinal);
        Assert.DoesNotContain(warnings, warning => warning.Contains("Site profile", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetModelPage_FewMalignantCases_WarnsOnWilsonsLowerEndThoughTheBootstrapsIsAboveTheFloor()
    {
        // Arrange: the bootstrap's interval ends at 0.84, but 0.908 of 40 cases has a Wilson lower end of 0.780.
        using var directory = new TemporaryDirectory();
        var path = SiteProfiles.Write(SiteProfiles.Make(threshold: 0.2, sensitivityLower: 0.84, malignant: 40), directory.Path);
        var warnings = new ConcurrentQueue<string>();
        using var factory = SiteHost.Start(path, warnings);
        using var client = factory.CreateClient();

        // Act
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/model"));

        // Assert
        Assert.Contains("reaches down to 0.780, below 0.80: with 40 malignant cases", html, StringComparison.Ordinal);
        Assert.Contains(warnings, warning => warning.Contains("may be as low as 0.780 (the lower end of its 95% interval), below 0.80 (40 malignant cases)", StringComparison.Ordinal));
    }

    private sealed class TemporaryDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("skinlesion-site-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
