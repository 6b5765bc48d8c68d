using System.Globalization;
using System.Text.Json.Nodes;
using SkinLesion.Cli.Commands;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Inference.Site;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Cli.Tests;

/// <summary>The calibrate command over images generated here, through the real model: what it writes and what it refuses.</summary>
public sealed class CalibrateCommandTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private string ProfilePath => Path.Combine(_scratch.Path, "profile.json");

    [Fact]
    public async Task Calibrate_ThirtyMalignantCases_WritesAProfileThatEvaluateReproduces()
    {
        // Arrange: 30 melanomas and 12 nevi (plain image_id,dx labels).
        var (images, labels) = WriteSet(malignant: 30, benign: 12);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var evaluated = Path.Combine(_scratch.Path, "evaluated");

        // Act: calibrate, then evaluate the same images at the profile it wrote.
        int exitCode = await Calibrate(stdout, stderr, "--images", images, "--labels", labels, "--out", ProfilePath, "--site", "Test clinic", "--profile-version", "7", "--bootstrap", "50", "--parallelism", "2");
        var profile = SiteProfile.Read(ProfilePath);
        int evaluateExitCode = await new EvaluateCommand(TextWriter.Null, TextWriter.Null, interactive: false, TimeProvider.System)
            .RunAsync(["--images", images, "--labels", labels, "--out", evaluated, "--site-profile", ProfilePath, "--bootstrap", "50", "--parallelism", "2"], CancellationToken.None);
        var report = EvaluationReport.Read(Path.Combine(evaluated, EvaluationReport.FileName));

        // Assert: the profile names the site, the model and the choice, with the counts it was made from.
        Assert.True(exitCode == 0, stderr.ToString());
        Assert.Equal(0, evaluateExitCode);
        Assert.Equal(SiteProfile.CurrentSchemaVersion, profile.SchemaVersion);
        Assert.Equal("Test clinic", profile.Site);
        Assert.Equal("7", profile.Version);
        Assert.Equal(SiteProfiles.ShippedIdentity, profile.Model);
        Assert.Equal(0.9, profile.TargetSensitivity);
        Assert.Equal(new SiteData("image-id-dx", "akiec, bcc, mel (the model's malignant classes)", profile.ChosenOn.Population, 42, 42, 0, 30, 12, profile.ChosenOn.RejectedByScreening, profile.ChosenOn.MalignantRejectedByScreening), profile.ChosenOn);
        Assert.True(DateTimeOffset.UtcNow - profile.CreatedUtc < TimeSpan.FromMinutes(10));
        Assert.StartsWith("dotnet run --project src/SkinLesion.Cli -c Release -- calibrate --images", profile.Command, StringComparison.Ordinal);
        Assert.Equal(50, profile.Bootstrap.Replicates);

        // The threshold is the 27th highest malignant probability of the 30 melanomas (ceil(0.9 x 30) = 27).
        var melanomaProbabilities = MalignantProbabilities(evaluated, "mel");
        Assert.Equal(melanomaProbabilities.OrderDescending().ElementAt(26), profile.Threshold);
        Assert.True(profile.Figures.Sensitivity.Value >= 0.9, $"sensitivity {profile.Figures.Sensitivity.Value}");
        Assert.Equal(2, profile.Figures.Sensitivity.Ci95!.Count);
        Assert.Equal(2, profile.ThresholdCi95!.Count);
        Assert.Equal(ShippedModel.MalignantThreshold, profile.Shipped.Threshold);
        Assert.Equal(Sensitivity(melanomaProbabilities, ShippedModel.MalignantThreshold), profile.Shipped.Sensitivity.Value);

        // The band is the manifest's rule from the new threshold.
        var shippedBand = ShippedModel.Manifest.GetProperty("uncertainty");
        Assert.Equal(new UncertaintyBand(shippedBand.GetProperty("minTopProbability").GetDouble(), profile.Threshold, shippedBand.GetProperty("borderlineTo").GetDouble()), profile.Band);

        // evaluate at the profile gives the very figures calibrate chose on, and names the operating point.
        Assert.Equal(new OperatingPointInfo("site", "Test clinic", "7", profile.Threshold, new UncertaintyInfo(profile.Band!.MinTopProbability, profile.Threshold, profile.Band.BorderlineTo), ProfilePath), report.OperatingPoint);
        Assert.Equal(profile.Threshold, report.Model.MalignantThreshold);
        var sensitivity = report.Rates["malignantSensitivity"];
        Assert.Equal(profile.Figures.Sensitivity.Value, sensitivity.Value);
        Assert.Equal(profile.Figures.Sensitivity.Ci95, sensitivity.Ci95);
        Assert.Equal(profile.Figures.Specificity.Value, report.Rates["malignantSpecificity"].Value);
        Assert.Null(report.TrainingReference);
        Assert.Contains(report.Notes, note => note.Contains("site profile's operating point", StringComparison.Ordinal));
        Assert.Contains("- Operating point: site `Test clinic` version `7`", File.ReadAllText(Path.Combine(evaluated, ReportWriter.SummaryFile)), StringComparison.Ordinal);
        Assert.Contains("threshold", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains($"written to {ProfilePath}", stdout.ToString(), StringComparison.Ordinal);
        // One refused image of 42 is already over the 1% the warning allows.
        Assert.Equal(profile.ChosenOn.RejectedByScreening > 0, stderr.ToString().Contains("warning: the screening refuses", StringComparison.Ordinal));

        // The screening threshold is chosen for the shipped artifact, within its limits, and evaluate applies it.
        var screening = profile.Screening!;
        var artifact = ShippedModel.Manifest.GetProperty("outOfDistribution");
        Assert.Equal((artifact.GetProperty("version").GetString(), artifact.GetProperty("sha256").GetString()), (screening.ArtifactVersion, screening.ArtifactSha256));
        Assert.InRange(screening.HeadThreshold, screening.Floor, screening.ShippedHeadThreshold);
        Assert.Equal(screening.HeadThreshold, report.Assessment!.Screening.HeadThreshold);
        Assert.Equal(profile.ChosenOn.RejectedByScreening, report.Assessment.Counts.Rejected);
    }

    [Fact]
    public async Task Calibrate_ImagesTheShippedHeadRefuses_LowersTheScreeningThresholdToAcceptNinetyNinePercent()
    {
        // Arrange: a model whose head refuses every image (threshold 1e9) and lets a site go as low as it needs.
        var (images, labels) = WriteSet(malignant: 30, benign: 12);
        var served = WriteHeadModel(threshold: 1e9, floor: -1e9);
        var evaluated = Path.Combine(_scratch.Path, "evaluated");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        // Act
        int exitCode = await CalibrateServing(served, stdout, stderr, "--images", images, "--labels", labels, "--out", ProfilePath, "--bootstrap", "20", "--parallelism", "2");
        await new EvaluateCommand(TextWriter.Null, TextWriter.Null, interactive: false, TimeProvider.System)
            .RunAsync(["--images", images, "--labels", labels, "--out", evaluated, "--model", served, "--bootstrap", "20", "--parallelism", "2"], CancellationToken.None);

        // Assert: the threshold is the lowest head score but for floor(1% of 42) = 0 images: every image is accepted.
        Assert.Equal(0, exitCode);
        var screening = SiteProfile.Read(ProfilePath).Screening!;
        Assert.Equal(HeadScores(evaluated).Min(), screening.HeadThreshold, 12);
        Assert.Equal((0.0, 1.0, 42), (screening.AcceptedAtShipped, screening.AcceptedAtSite, screening.Images));
        Assert.Equal(0, SiteProfile.Read(ProfilePath).ChosenOn.RejectedByScreening);
        Assert.False(screening.StoppedAtFloor);
        Assert.Contains("screening threshold", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"warning: the profile lowers the screening threshold from 1000000000 to {screening.HeadThreshold:0.####}"), stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("everyday photographs above all, will be refused less often", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrate_SiteImagesBelowTheArtifactsFloor_StopsThereAndWarns()
    {
        // Arrange: the head refuses every image and lets a site go no lower than 5e8, which no image reaches either.
        var (images, labels) = WriteSet(malignant: 30, benign: 12);
        var served = WriteHeadModel(threshold: 1e9, floor: 5e8);
        var stderr = new StringWriter();

        // Act
        int exitCode = await CalibrateServing(served, TextWriter.Null, stderr, "--images", images, "--labels", labels, "--out", ProfilePath, "--bootstrap", "20", "--parallelism", "2");

        // Assert: the profile is written at the floor, and calibrate says the site's images are still refused.
        Assert.Equal(0, exitCode);
        var profile = SiteProfile.Read(ProfilePath);
        Assert.Equal(5e8, profile.Screening!.HeadThreshold);
        Assert.True(profile.Screening.StoppedAtFloor);
        Assert.Equal(42, profile.ChosenOn.RejectedByScreening);
        Assert.Contains("warning: the screening refuses 42 of the 42 labelled images", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("the lowest the artifact allows (its siteThresholdFloor)", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrate_ShippedScreening_KeepsTheArtifactsThreshold()
    {
        // Arrange
        var (images, labels) = WriteSet(malignant: 30, benign: 12);
        var served = WriteHeadModel(threshold: 1e9, floor: -1e9);
        var stderr = new StringWriter();

        // Act
        int exitCode = await CalibrateServing(served, TextWriter.Null, stderr, "--images", images, "--labels", labels, "--out", ProfilePath, "--bootstrap", "20", "--parallelism", "2", "--shipped-screening");

        // Assert
        Assert.Equal(0, exitCode);
        var profile = SiteProfile.Read(ProfilePath);
        Assert.Null(profile.Screening);
        Assert.Equal(42, profile.ChosenOn.RejectedByScreening);
        Assert.DoesNotContain("lowers the screening threshold", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("with the shipped screening threshold (this profile keeps it", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrate_MoreThanOnePercentFeatureless_WarnsThatNoScreeningThresholdAcceptsThem()
    {
        // Arrange: 30 melanomas and 12 nevi, two of which are featureless grey frames the texture floor refuses, and a
        // head that lets the site accept every other image.
        var (images, labels) = WriteSet(malignant: 30, benign: 12);
        foreach (var id in new[] { "b10", "b11" })
        {
            File.WriteAllBytes(Path.Combine(images, $"{id}.png"), GeneratedImages.Solid(200, 150, 128, 128, 128));
        }

        var served = WriteHeadModel(threshold: 1e9, floor: -1e9);
        var stderr = new StringWriter();

        // Act
        int exitCode = await CalibrateServing(served, TextWriter.Null, stderr, "--images", images, "--labels", labels, "--out", ProfilePath, "--bootstrap", "50", "--parallelism", "2");

        // Assert: the profile is still written, and the warning gives the count, the share and where to read on.
        var profile = SiteProfile.Read(ProfilePath);
        Assert.Equal(0, exitCode);
        Assert.Equal(2, profile.ChosenOn.RejectedByScreening);
        var warning = stderr.ToString();
        Assert.Contains($"warning: the screening refuses {profile.ChosenOn.RejectedByScreening} of the 42 labelled images ({FigureText.Share(profile.ChosenOn.RejectedByScreening, 42)}; {profile.ChosenOn.MalignantRejectedByScreening} malignant)", warning, StringComparison.Ordinal);
        Assert.Contains("which accepts 100.0% of the 40 images the head decides: the others are featureless, greyscale or refused by a distance, which no threshold changes", warning, StringComparison.Ordinal);
        Assert.Contains("docs/site-calibration.md", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrate_TwentyNineMalignantLabels_RefusedBeforeScoringWithTheReason()
    {
        // Arrange: no image is needed: the labels alone are too few.
        var images = Directory.CreateDirectory(Path.Combine(_scratch.Path, "images")).FullName;
        var labels = WriteLabels(malignant: 29, benign: 10);
        var stderr = new StringWriter();

        // Act
        int exitCode = await Calibrate(TextWriter.Null, stderr, "--images", images, "--labels", labels, "--out", ProfilePath);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("Only 29 malignant case(s) among the 39 labelled images; a site profile needs at least 30.", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("docs/site-calibration.md", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(ProfilePath));
    }

    [Fact]
    public async Task Calibrate_ThirtyLabelledButOneImageMissing_RefusedAfterScoring()
    {
        // Arrange: 30 melanomas labelled, 29 of them on disk.
        var (images, labels) = WriteSet(malignant: 30, benign: 2);
        File.Delete(Path.Combine(images, "m00.png"));
        var stderr = new StringWriter();

        // Act
        int exitCode = await Calibrate(TextWriter.Null, stderr, "--images", images, "--labels", labels, "--out", ProfilePath, "--bootstrap", "10", "--parallelism", "2");

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("Only 29 malignant case(s) among the 31 images that could be scored (1 could not); a site profile needs at least 30.", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(ProfilePath));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Calibrate_ModelOtherThanTheServedOne_RefusedNamingBoth(bool servedIsTheOther)
    {
        // Arrange: another model's manifest (another sha256), served through the service's setting or given with --model.
        var images = Directory.CreateDirectory(Path.Combine(_scratch.Path, "images")).FullName;
        var labels = WriteLabels(malignant: 30, benign: 10);
        string other = WriteOtherManifest();
        var environment = servedIsTheOther ? ServiceEnvironment.With((CalibrateArguments.ServedModelVariable, other)) : ServiceEnvironment.None;
        var stderr = new StringWriter();
        var command = new CalibrateCommand(TextWriter.Null, stderr, interactive: false, TimeProvider.System, environment);
        string[] args = servedIsTheOther
            ? ["--images", images, "--labels", labels, "--out", ProfilePath, "--model", RepoLayout.ManifestPath]
            : ["--images", images, "--labels", labels, "--out", ProfilePath, "--model", other];

        // Act
        int exitCode = await command.RunAsync(args, CancellationToken.None);

        // Assert
        Assert.Equal(1, exitCode);
        string message = stderr.ToString();
        Assert.Contains(servedIsTheOther ? "but the service serves skin-lesion-mobilenetv2 9.9.9" : $"The profile would be for model skin-lesion-mobilenetv2 9.9.9 (sha256 {new string('e', 64)}", message, StringComparison.Ordinal);
        Assert.Contains(servedIsTheOther ? $"SkinLesion__Model__Path={other}" : "the shipped model", message, StringComparison.Ordinal);
        Assert.Contains("The service refuses, at startup, a profile made for another model", message, StringComparison.Ordinal);
        Assert.False(File.Exists(ProfilePath));
    }

    [Theory]
    [InlineData(new[] { "--target-sensitivity", "1.2" }, "--target-sensitivity must be a number between 0 and 1")]
    [InlineData(new[] { "--target-sensitivity", "ninety" }, "--target-sensitivity must be a number between 0 and 1")]
    [InlineData(new[] { "--target-sensitivity", "0.0001" }, "--target-sensitivity must be at least 0.80, got 0.0001")]
    [InlineData(new[] { "--split", "a" }, "--split and --split-file go together")]
    [InlineData(new[] { "--threshold", "0.1" }, "Unknown option '--threshold'")]
    public async Task Calibrate_BadArguments_ExitCodeTwoWithTheReason(string[] extra, string expected)
    {
        // Arrange
        var stderr = new StringWriter();

        // Act
        int exitCode = await Calibrate(TextWriter.Null, stderr, ["--images", "i", "--labels", "l.csv", "--out", ProfilePath, .. extra]);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains(expected, stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrate_NoLabelledImageInTheFolder_SaysWhyNoneWasScored()
    {
        // Arrange: the right labels, the wrong folder.
        var images = Directory.CreateDirectory(Path.Combine(_scratch.Path, "elsewhere")).FullName;
        var labels = WriteLabels(malignant: 30, benign: 10);
        var stderr = new StringWriter();

        // Act
        int exitCode = await Calibrate(TextWriter.Null, stderr, ["--images", images, "--labels", labels, "--out", ProfilePath, "--bootstrap", "10"]);

        // Assert: the reason is the folder, not too few malignant cases.
        Assert.Equal(1, exitCode);
        Assert.Contains("No labelled image could be scored (40 could not, e.g. ", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("No file with this image id", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(ProfilePath));
    }

    [Theory]
    [InlineData("labels")]
    [InlineData("inside images")]
    public async Task Calibrate_OutIsItsOwnInput_ExitCodeTwoAndTheInputUntouched(string where)
    {
        // Arrange
        var images = Directory.CreateDirectory(Path.Combine(_scratch.Path, "images")).FullName;
        var labels = WriteLabels(malignant: 30, benign: 10);
        string before = File.ReadAllText(labels);
        string output = where == "labels" ? labels : Path.Combine(images, "profile.json");
        var stderr = new StringWriter();

        // Act
        int exitCode = await Calibrate(TextWriter.Null, stderr, ["--images", images, "--labels", labels, "--out", output]);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains(where == "labels" ? "is the same file as --labels" : "is inside --images", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(labels));
        Assert.False(File.Exists(Path.Combine(images, "profile.json")));
    }

    [Fact]
    public void Parse_Defaults_TargetNinetyPercentAndTheServedModel()
    {
        // Act
        var parsed = CalibrateArguments.Parse(["--images", "i", "--labels", "l.csv", "--out", "p.json"])!;

        // Assert
        Assert.Equal(0.9, parsed.TargetSensitivity);
        Assert.Null(parsed.Model);
        Assert.Null(parsed.Site);
        Assert.Null(parsed.ProfileVersion);
        Assert.Equal(1000, parsed.BootstrapReplicates);
    }

    private static Task<int> Calibrate(TextWriter stdout, TextWriter stderr, params string[] args) =>
        new CalibrateCommand(stdout, stderr, interactive: false, TimeProvider.System, ServiceEnvironment.None).RunAsync(args, CancellationToken.None);

    /// <summary>calibrate with SkinLesion__Model__Path set to <paramref name="servedManifest"/>, as on a server that serves that model.</summary>
    private static Task<int> CalibrateServing(string servedManifest, TextWriter stdout, TextWriter stderr, params string[] args) =>
        new CalibrateCommand(stdout, stderr, interactive: false, TimeProvider.System, ServiceEnvironment.With((CalibrateArguments.ServedModelVariable, servedManifest)))
            .RunAsync(args, CancellationToken.None);

    /// <summary>
    /// The shipped model with the parity fixture's screening head at <paramref name="threshold"/> and site floor
    /// <paramref name="floor"/>, its distances reported only (as the shipped artifact's): the head alone decides.
    /// </summary>
    private string WriteHeadModel(double threshold, double floor) =>
        ScreeningHeadFixture.WriteModel(Directory.CreateDirectory(Path.Combine(_scratch.Path, "model")).FullName, artifact =>
        {
            artifact["head"]!["threshold"] = threshold;
            artifact["head"]!["siteThresholdFloor"] = floor;
            artifact["distances"]!["embedding"]!["refuses"] = false;
            artifact["distances"]!["early"]!["refuses"] = false;
        });

    private static double[] HeadScores(string evaluated)
    {
        var lines = File.ReadAllLines(Path.Combine(evaluated, ReportWriter.PredictionsFile));
        int column = Array.IndexOf(lines[0].Split(','), "head_score");
        return [.. lines.Skip(1).Select(line => double.Parse(line.Split(',')[column], CultureInfo.InvariantCulture))];
    }

    private (string Images, string Labels) WriteSet(int malignant, int benign) => CalibrationSet.Write(_scratch.Path, malignant, benign);

    private string WriteLabels(int malignant, int benign) => CalibrationSet.WriteLabels(_scratch.Path, malignant, benign);

    /// <summary>The shipped manifest as another model's: version 9.9.9 and another sha256 (only the manifest is read).</summary>
    private string WriteOtherManifest()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(RepoLayout.ManifestPath))!;
        manifest["version"] = "9.9.9";
        manifest["sha256"] = new string('e', 64);
        var path = Path.Combine(_scratch.Path, "other-model.json");
        File.WriteAllText(path, manifest.ToJsonString());
        return path;
    }

    private static double[] MalignantProbabilities(string evaluated, string label) =>
        [.. File.ReadAllLines(Path.Combine(evaluated, ReportWriter.PredictionsFile)).Skip(1)
            .Select(line => line.Split(','))
            .Where(fields => fields[1] == label)
            .Select(fields => double.Parse(fields[3], CultureInfo.InvariantCulture))];

    private static double Sensitivity(double[] cases, double threshold) => Math.Round((double)cases.Count(p => p >= threshold) / cases.Length, 4);
}
