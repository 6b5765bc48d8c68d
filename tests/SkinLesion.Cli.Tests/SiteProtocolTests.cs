using SkinLesion.Cli.Commands;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Inference.Site;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Cli.Tests;

/// <summary>
/// Issue 22's acceptance protocol as committed under models/evaluation/site-protocol: calibrate on half a of ISIC 2017
/// test, evaluate half b at the profile; half b's malignant sensitivity lies within 0.10 of the target, with its interval.
/// </summary>
public sealed class SiteProtocolTests
{
    private const string ProfileFile = "profile.json";

    private static string Folder => Path.Combine(RepoLayout.ModelsDirectory, "evaluation", "site-protocol");

    [Fact]
    public void CommittedProtocol_HalfBAtTheProfile_SensitivityWithinTenPointsOfTheTarget()
    {
        // Arrange
        var profile = SiteProfile.Read(Path.Combine(Folder, ProfileFile));
        var halfB = EvaluationReport.Read(Path.Combine(Folder, "half-b", EvaluationReport.FileName));
        var halfBShipped = EvaluationReport.Read(Path.Combine(Folder, "half-b-shipped", EvaluationReport.FileName));
        var split = File.ReadAllLines(Path.Combine(Folder, "split.csv")).Skip(1).Select(line => line.Split(',')).ToDictionary(fields => fields[0], fields => fields[1]);
        var halfBIds = File.ReadAllLines(Path.Combine(Folder, "half-b", ReportWriter.PredictionsFile)).Skip(1).Select(line => line.Split(',')[0]).ToList();

        // Act
        var sensitivity = halfB.Headline.Single(h => h.Key == "malignantSensitivity");

        // Assert: the acceptance bar, with the interval reported.
        Assert.InRange(sensitivity.Value!.Value, profile.TargetSensitivity - 0.10, profile.TargetSensitivity + 0.10);
        Assert.Equal(2, sensitivity.Ci95!.Count);

        // Half b was scored at the committed profile, made for the shipped model on half a only; the comparison run at the shipped point.
        var operatingPoint = halfB.OperatingPoint!;
        Assert.Equal((OperatingPoint.SiteKind, profile.Site, profile.Version, profile.Threshold), (operatingPoint.Kind, operatingPoint.Name, operatingPoint.Version, operatingPoint.Threshold));
        Assert.Equal("models/evaluation/site-protocol/profile.json", operatingPoint.Profile);
        Assert.Equal((OperatingPoint.ShippedKind, ShippedModel.MalignantThreshold), (halfBShipped.OperatingPoint!.Kind, halfBShipped.OperatingPoint.Threshold));
        Assert.Equal(ShippedModel.Sha256, profile.Model.Sha256);
        // Its screening threshold was chosen with the served artifact: a stale profile would stop the service at startup.
        Assert.Equal(ShippedModel.Manifest.GetProperty("outOfDistribution").GetProperty("sha256").GetString(), profile.Screening?.ArtifactSha256);
        Assert.Contains("--split a", profile.Command, StringComparison.Ordinal);
        Assert.Equal(300, profile.ChosenOn.Evaluated);
        Assert.True(profile.ChosenOn.Malignant >= SiteProfile.MinimumMalignantCases, $"{profile.ChosenOn.Malignant} malignant cases");

        // The halves: 300 images each, disjoint, the same share of melanomas (59 and 58 of 117).
        Assert.Equal(600, split.Count);
        Assert.Equal(300, split.Values.Count(half => half == "a"));
        Assert.Equal(300, halfBIds.Count);
        Assert.All(halfBIds, id => Assert.Equal("b", split[id]));
        Assert.Equal("b", halfB.Dataset.Split);
        Assert.Equal(halfB.Dataset.Evaluated, halfBShipped.Dataset.Evaluated);
    }

    [SharedIsicTestDataFact]
    public async Task Protocol_ReRunOfItsTwoCommands_ReproducesTheCommittedProfileAndHalfB()
    {
        // Arrange: the committed profile's own command and half b's own arguments, paths taken from the repository root.
        var committed = SiteProfile.Read(Path.Combine(Folder, ProfileFile));
        var committedB = EvaluationReport.Read(Path.Combine(Folder, "half-b", EvaluationReport.FileName));
        var scratch = Directory.CreateTempSubdirectory("skinlesion-protocol-").FullName;
        string profilePath = Path.Combine(scratch, ProfileFile);
        var calibrateArgs = Rebase([.. committed.Command!.Split(' ').SkipWhile(token => token != "calibrate").Skip(1)], profilePath, profilePath);
        var evaluateArgs = Rebase([.. committedB.Arguments], Path.Combine(scratch, "half-b"), profilePath);

        try
        {
            // Act
            int calibrated = await new CalibrateCommand(TextWriter.Null, TextWriter.Null, interactive: false, TimeProvider.System, ServiceEnvironment.None).RunAsync(calibrateArgs, CancellationToken.None);
            var profile = SiteProfile.Read(profilePath);
            int evaluated = await new EvaluateCommand(TextWriter.Null, TextWriter.Null, interactive: false, TimeProvider.System).RunAsync(evaluateArgs, CancellationToken.None);
            var halfB = EvaluationReport.Read(Path.Combine(scratch, "half-b", EvaluationReport.FileName));

            // Assert: the same threshold and figures, image for image.
            Assert.Equal(0, calibrated);
            Assert.Equal(0, evaluated);
            Assert.Equal(committed.Threshold, profile.Threshold);
            Assert.Equal(committed.ChosenOn, profile.ChosenOn);
            Assert.Equal(committed.Band, profile.Band);
            Assert.Equal(committed.Screening, profile.Screening);
            Assert.Equal(Flatten(committed.Figures), Flatten(profile.Figures));
            Assert.Equal(committedB.Headline.Select(h => (h.Key, h.Value)), halfB.Headline.Select(h => (h.Key, h.Value)));
            Assert.Equal(committedB.Assessment!.Counts, halfB.Assessment!.Counts);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static IEnumerable<double?> Flatten(SiteFigures figures) =>
        new[] { figures.Sensitivity, figures.Specificity, figures.MalignantAuc, figures.AcceptedSensitivity, figures.AcceptedSpecificity, figures.UncertainRate, figures.BorderlineRate, figures.MalignantShareInBand }
            .SelectMany(estimate => (IEnumerable<double?>)[estimate.Value, .. (estimate.Ci95 ?? []).Select(v => (double?)v)]);

    private static string[] Rebase(string[] arguments, string output, string profile)
    {
        var args = arguments.ToArray();
        for (int i = 0; i + 1 < args.Length; i++)
        {
            args[i + 1] = args[i] switch
            {
                "--images" or "--labels" or "--split-file" => Path.GetFullPath(Path.Combine(RepoLayout.Root, args[i + 1])),
                "--out" => output,
                "--site-profile" => profile,
                _ => args[i + 1],
            };
        }

        return args;
    }
}
