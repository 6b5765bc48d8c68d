using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using SkinLesion.Inference.Site;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests.Site;

/// <summary>
/// A site profile's screening threshold (docs/decisions/0034-site-screening-threshold.md): the service refuses and accepts
/// at it, names it in every answer and on /model, and refuses to start with one it cannot apply to the artifact it loads.
/// The artifact is the shipped one with the parity fixture's head (<see cref="ScreeningHeadFixture"/>), its threshold and
/// floor set by each test.
/// </summary>
public sealed class SiteScreeningTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("skinlesion-site-screening-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Post_ImageTheShippedHeadRefuses_IsClassifiedAtTheSitesScreeningThreshold()
    {
        // Arrange: a head threshold no image reaches (the shipped screening refuses everything), and a site threshold at the
        // artifact's floor, which every image reaches.
        string manifest = WriteModel(threshold: 1e9, floor: -1e9);
        var profile = SiteProfiles.WithScreening(SiteProfiles.Make(), ArtifactSha256(manifest), threshold: -1e9, shipped: 1e9, floor: -1e9);
        using var factory = Start(manifest, SiteProfiles.Write(profile, _directory));
        using var client = factory.CreateClient();
        var upload = AssessmentImages.DermoscopyLikePng();

        // Act
        using var response = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(upload, "lesion.png", "image/png"));

        // Assert: accepted, at the site's threshold, which the answer names twice: where it applies and where it comes from.
        var answer = await Http.AssertClassificationAsync(response);
        Assert.Equal(-1e9, answer.GetProperty("screening").GetProperty("headThreshold").GetDouble());
        Assert.Equal(-1e9, answer.GetProperty("operatingPoint").GetProperty("screeningThreshold").GetDouble());
    }

    [Theory]
    [InlineData(0.5, false)]
    [InlineData(-0.5, true)]
    public async Task Post_Image_IsRefusedBelowTheSitesScreeningThresholdAndAcceptedAtOrAboveIt(double siteAboveScore, bool accepted)
    {
        // Arrange: the image's head score s, from a head that accepts everything; then an artifact whose threshold (s + 1)
        // refuses it and whose floor (s - 1) allows a site threshold on either side of it.
        var upload = AssessmentImages.DermoscopyLikePng();
        double score;
        using (var open = new ApiFactory().WithWebHostBuilder(builder => builder.UseSetting("SkinLesion:Model:Path", WriteModel(threshold: -1e9, floor: -1e9))))
        {
            using var response = await open.CreateClient().PostAsync(Http.ClassificationsPath, Http.Multipart(upload, "lesion.png", "image/png"));
            score = (await Http.AssertClassificationAsync(response)).GetProperty("screening").GetProperty("headScore").GetDouble();
        }

        string manifest = WriteModel(threshold: score + 1, floor: score - 1, folder: "strict");
        var profile = SiteProfiles.WithScreening(SiteProfiles.Make(), ArtifactSha256(manifest), score + siteAboveScore, shipped: score + 1, floor: score - 1);
        using var factory = Start(manifest, SiteProfiles.Write(profile, _directory));
        using var client = factory.CreateClient();

        // Act
        using var answer = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(upload, "lesion.png", "image/png"));

        // Assert: the site's threshold decides, on either side of the image's score.
        var result = accepted ? await Http.AssertClassificationAsync(answer) : await Http.AssertRejectedAsync(answer, AssessmentReasons.NotDermoscopic);
        Assert.Equal(score + siteAboveScore, result.GetProperty("screening").GetProperty("headThreshold").GetDouble());
        Assert.Equal(score, result.GetProperty("screening").GetProperty("headScore").GetDouble(), 9);
    }

    [Fact]
    public void Start_ProfileWhoseRecordedLimitsDifferFromTheArtifacts_FailsAsEdited()
    {
        // Arrange: the right artifact and a threshold inside its limits, but a floor the artifact does not have.
        string manifest = WriteModel(threshold: 3.5, floor: 1.25);
        var path = SiteProfiles.Write(SiteProfiles.WithScreening(SiteProfiles.Make(), ArtifactSha256(manifest), 2.75, shipped: 3.5, floor: 0.5), _directory);

        // Act
        var error = StartFails(manifest, path);

        // Assert
        Assert.Contains("it records the floor 0.5 and the shipped threshold 3.5, but artifact skin-lesion-mobilenetv2-ood.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("has 1.25 and 3.5: the file was changed after calibrate wrote it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetModelPageAndCard_SiteScreeningThreshold_NameItBesideTheShippedOneAndTheFloor()
    {
        // Arrange
        string manifest = WriteModel(threshold: 3.5, floor: 1.25);
        var profile = SiteProfiles.WithScreening(SiteProfiles.Make(), ArtifactSha256(manifest), threshold: 2.75, shipped: 3.5, floor: 1.25);
        using var factory = Start(manifest, SiteProfiles.Write(profile, _directory));
        using var client = factory.CreateClient();

        // Act
        using var page = await client.GetAsync("/model");
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        var card = JsonDocument.Parse(await client.GetStringAsync("/api/v1/model")).RootElement;

        // Assert
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"site-screening-text\"", html, StringComparison.Ordinal);
        Assert.Contains("below <strong>2.75</strong>, this site's threshold, chosen on the same images to accept 99.0% of those the score decides (400 images): at it 99.0% were accepted, at the shipped threshold 3.5 90.0%", html, StringComparison.Ordinal);
        Assert.Contains("may not go below 1.25, the artifact's floor", html, StringComparison.Ordinal);
        Assert.Equal(2.75, card.GetProperty("operatingPoint").GetProperty("screeningThreshold").GetDouble());
    }

    [Fact]
    public async Task Post_ProfileWithoutScreening_AnswerCarriesNoScreeningThreshold()
    {
        // Arrange: a profile that keeps the shipped screening (calibrate --shipped-screening, or a schema-1 profile).
        string manifest = WriteModel(threshold: -1e9, floor: -1e9);
        using var factory = Start(manifest, SiteProfiles.Write(SiteProfiles.Make(), _directory));
        using var client = factory.CreateClient();

        // Act
        using var response = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(AssessmentImages.DermoscopyLikePng(), "lesion.png", "image/png"));

        // Assert
        var answer = await Http.AssertClassificationAsync(response);
        Assert.False(answer.GetProperty("operatingPoint").TryGetProperty("screeningThreshold", out _));
        Assert.Equal(-1e9, answer.GetProperty("screening").GetProperty("headThreshold").GetDouble());
    }

    [Fact]
    public void Start_ScreeningThresholdChosenWithAnotherArtifact_FailsNamingBothArtifacts()
    {
        // Arrange
        string manifest = WriteModel(threshold: 3.5, floor: 1.25);
        string other = new('c', 64);
        var path = SiteProfiles.Write(SiteProfiles.WithScreening(SiteProfiles.Make(), other, 2.75, 3.5, 1.25), _directory);

        // Act
        var error = StartFails(manifest, path);

        // Assert
        Assert.Contains($"Cannot use the site profile '{path}': its screening threshold was chosen with out-of-distribution artifact test (sha256 {other})", error.Message, StringComparison.Ordinal);
        Assert.Contains($"but the service loads skin-lesion-mobilenetv2-ood.json {ShippedModel.ScreeningArtifactVersion} (sha256 {ArtifactSha256(manifest)})", error.Message, StringComparison.Ordinal);
        Assert.Contains("run calibrate again with this artifact", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, "its screening threshold 1 is outside what artifact skin-lesion-mobilenetv2-ood.json")]
    [InlineData(3.75, "its screening threshold 3.75 is outside what artifact skin-lesion-mobilenetv2-ood.json")]
    public void Start_ScreeningThresholdOutsideTheArtifactsLimits_FailsNamingThem(double threshold, string expected)
    {
        // Arrange: the artifact allows 1.25 to 3.5; the profile claims other limits, as a hand-edited one could.
        string manifest = WriteModel(threshold: 3.5, floor: 1.25);
        var path = SiteProfiles.Write(SiteProfiles.WithScreening(SiteProfiles.Make(), ArtifactSha256(manifest), threshold, shipped: 4, floor: 0.5), _directory);

        // Act
        var error = StartFails(manifest, path);

        // Assert
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("from its siteThresholdFloor 1.25 to its threshold 3.5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ScreeningThresholdWithAnArtifactThatAllowsNone_Fails()
    {
        // Arrange: an artifact without a siteThresholdFloor keeps its own threshold for every site.
        string manifest = WriteModel(threshold: 3.5, floor: null);
        var path = SiteProfiles.Write(SiteProfiles.WithScreening(SiteProfiles.Make(), ArtifactSha256(manifest), 2.75, 3.5, 1.25), _directory);

        // Act
        var error = StartFails(manifest, path);

        // Assert
        Assert.Contains("allows no site threshold (no head.siteThresholdFloor)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_SchemaOneProfileWithAScreeningSection_FailsAsInconsistent()
    {
        // Arrange
        string manifest = WriteModel(threshold: 3.5, floor: 1.25);
        var profile = SiteProfiles.WithScreening(SiteProfiles.Make(), ArtifactSha256(manifest), 2.75, 3.5, 1.25) with { SchemaVersion = SiteProfile.FirstSchemaVersion };
        var path = SiteProfiles.Write(profile, _directory);

        // Act
        var error = StartFails(manifest, path);

        // Assert
        Assert.Contains("screening is a schema-2 section, but schemaVersion is 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SchemaOneProfile_IsStillServedWithTheShippedScreening()
    {
        // Arrange: a profile calibrate wrote before schema 2 (no screening section).
        string manifest = WriteModel(threshold: -1e9, floor: -1e9);
        var path = SiteProfiles.Write(SiteProfiles.Make() with { SchemaVersion = SiteProfile.FirstSchemaVersion }, _directory);
        using var factory = Start(manifest, path);
        using var client = factory.CreateClient();

        // Act
        using var response = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(AssessmentImages.DermoscopyLikePng(), "lesion.png", "image/png"));

        // Assert
        var answer = await Http.AssertClassificationAsync(response);
        Assert.Equal("site", answer.GetProperty("operatingPoint").GetProperty("kind").GetString());
    }

    private string WriteModel(double threshold, double? floor, string folder = "model") => ScreeningHeadFixture.WriteModel(Directory.CreateDirectory(Path.Combine(_directory, folder)).FullName, artifact =>
    {
        var head = artifact["head"]!.AsObject();
        head["threshold"] = threshold;
        head.Remove("siteThresholdFloor");
        if (floor is { } f)
        {
            head["siteThresholdFloor"] = f;
        }
    });

    private static string ArtifactSha256(string manifest) =>
        JsonNode.Parse(File.ReadAllText(manifest))!["outOfDistribution"]!["sha256"]!.GetValue<string>();

    private static Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Start(string manifest, string profile) =>
        new ApiFactory().WithWebHostBuilder(builder => builder
            .UseSetting("SkinLesion:Model:Path", manifest)
            .UseSetting("SkinLesion:Site:ProfilePath", profile));

    private static SiteProfileException StartFails(string manifest, string profile) => SiteHost.StartupFailure(Start(manifest, profile));
}
