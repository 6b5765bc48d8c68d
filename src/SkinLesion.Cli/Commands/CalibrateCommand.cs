using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using SkinLesion.Cli.Calibration;
using SkinLesion.Cli.Data;
using SkinLesion.Cli.Files;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Cli.Settings;
using SkinLesion.Inference;
using SkinLesion.Inference.Site;

namespace SkinLesion.Cli.Commands;

/// <summary>
/// <c>calibrate</c>: a site's labels → its images scored by the served model (the classifier the service runs, at the
/// shipped operating point) → the threshold for the target sensitivity and the band from it, measured with evaluate's
/// bootstrap → a site profile (docs/site-calibration.md). Refuses what the service would refuse or should not trust.
/// </summary>
internal sealed class CalibrateCommand(TextWriter output, TextWriter error, bool interactive, TimeProvider time, IConfiguration settings)
{
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        try
        {
            // A bad command line, found while parsing or once the model is read (an output on one of its files), exits 2.
            var options = CalibrateArguments.Parse(args);
            if (options is null)
            {
                await output.WriteLineAsync(CalibrateArguments.Usage);
                return 0;
            }

            await CalibrateAsync(options, args, cancellationToken);
            return 0;
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            await error.WriteLineAsync("Run calibrate --help for usage.");
            return 2;
        }
        catch (Exception ex) when (ex is InputFileException or ModelLoadException or CalibrationRefusedException or IOException or UnauthorizedAccessException
            or InvalidDataException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The run, step by step; every refusal comes before the work it would waste.</summary>
    private async Task CalibrateAsync(CalibrateArguments options, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireWritable(options.Out);
        var labels = LabelSelection.Read(options.Labels, options.Split, options.SplitFile);
        var format = labels.LabelSet.Format;
        if (labels.LabelSet.IsNegative)
        {
            throw new CalibrationRefusedException($"'{options.Labels}' is a negative set (images that are not dermoscopic, without diagnoses): a threshold is chosen on malignant and benign cases. Give labels with diagnoses (calibrate --help).");
        }

        var source = ImageSource.Open(options.Images);
        InputFileException.ThrowIfNotAFile("--model", options.Model);
        var served = ServedModel();
        string scoringPath = options.Model is null ? served.Path : Path.GetFullPath(options.Model);
        string site = options.Site ?? DefaultSite(options);
        var manifest = served.Path == scoringPath ? served.Manifest : ModelManifest.Read(scoringPath);
        ModelFiles.RequireApart([("--out", options.Out)], scoringPath, manifest);
        if (served.Path != scoringPath)
        {
            ModelFiles.RequireApart([("--out", options.Out)], served.Path, served.Manifest);
        }
        CheckServedModel(manifest, scoringPath, served.Manifest, served.From);

        int labelledMalignant = labels.Images.Count(label => MalignantTruth.IsMalignant(label, format, manifest));
        RequireEnoughMalignant(labelledMalignant, $"the {labels.Images.Count} labelled images");
        RequireBenign(labelledMalignant, labels.Images.Count, "labelled images");
        var (imageOptions, imagesFrom) = ServedImageOptions.Read(settings);
        await output.WriteLineAsync($"{site}: {labels.Images.Count} labelled images ({labels.LabelSet.FormatName}), {labelledMalignant} malignant: {MalignantTruth.Definition(format, manifest)}; images from {options.Images}");
        if (labels.Warning is { } warning)
        {
            await error.WriteLineAsync(warning);
        }

        var modelOptions = new ModelOptions { Path = scoringPath, MaxConcurrentInferences = options.Parallelism };
        using var classifier = new SkinLesionClassifier(modelOptions, imageOptions, time, NullLogger<SkinLesionClassifier>.Instance);
        await output.WriteLineAsync($"model {classifier.Model.Name} {classifier.Model.Version} (sha256 {classifier.Model.Sha256[..12]}…, served: {served.From}), JPEG decoder {classifier.JpegDecoder}; image settings: {imagesFrom}; parallelism {options.Parallelism}");

        var progress = new ProgressReporter(output, interactive, labels.Images.Count, time);
        var outcome = await new EvaluationRunner(classifier, options.Parallelism).RunAsync(labels, source, progress, cancellationToken);
        if (outcome.Scored.Count == 0)
        {
            var first = outcome.Failures[0];
            throw new CalibrationRefusedException($"No labelled image could be scored ({outcome.Failures.Count} could not, e.g. {first.ImageId}: {first.Message}). Check that --images holds the images the labels name (by file name without extension).");
        }

        bool[] truth = [.. outcome.Scored.Select(image => MalignantTruth.IsMalignant(image.Label, format, manifest))];
        int malignant = truth.Count(t => t);
        RequireEnoughMalignant(malignant, $"the {outcome.Scored.Count} images that could be scored ({outcome.Failures.Count} could not)");
        RequireBenign(malignant, truth.Length, "scored images");

        // To the second: the profile is read by people, and its default version is made from this time.
        var now = time.GetUtcNow();
        var created = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var profile = ProfileBuilder.Build(new CalibrationRun(options, args, site, labels, classifier, outcome, truth, classifier.OutOfDistribution?.Head), created);
        AtomicFile.WriteAllText(options.Out, profile.ToJson());
        await new CalibrationSummary(output, error).WriteAsync(profile, options.Out, outcome.Failures, outcome.Source);
    }

    /// <summary>The manifest the service serves: its SkinLesion:Model:Path, resolved as the service resolves it, else the shipped one.</summary>
    private (string Path, ModelManifest Manifest, string From) ServedModel()
    {
        string? configured = settings[ConfigurationPath.Combine(ModelOptions.SectionName, nameof(ModelOptions.Path))];
        bool shipped = string.IsNullOrWhiteSpace(configured);
        string path = (shipped ? new ModelOptions() : new ModelOptions { Path = configured! }).ResolveManifestPath();
        return (path, ModelManifest.Read(path), shipped ? $"the shipped model, as {CalibrateArguments.ServedModelVariable} is not set" : $"{CalibrateArguments.ServedModelVariable}={configured}");
    }

    private static void CheckServedModel(ModelManifest scoring, string scoringPath, ModelManifest served, string servedFrom)
    {
        if (!string.Equals(scoring.Sha256, served.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new CalibrationRefusedException(
                $"The profile would be for model {scoring.Name} {scoring.Version} (sha256 {scoring.Sha256.ToLowerInvariant()}, {scoringPath}), but the service serves " +
                $"{served.Name} {served.Version} (sha256 {served.Sha256.ToLowerInvariant()}; {servedFrom}). The service refuses, at startup, a profile made for another model: " +
                "a threshold chosen on one model's outputs does not hold for another's. Score with the served model (leave out --model); to prepare a profile for a model " +
                $"about to be deployed, set {CalibrateArguments.ServedModelVariable} to its manifest, as the service will have it.");
        }
    }

    // The profile is written after every image is scored: an --out that cannot be written must stop the run before that
    // work (in the container the working folder and the root filesystem are read-only).
    private static void RequireWritable(string path)
    {
        try
        {
            AtomicFile.RequireWritable(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CalibrationRefusedException(
                $"--out '{path}' cannot be written ({ex.Message}); nothing was scored. Name a file in a folder this user may write to (in the container image: a scratch volume of a pod of its own, docs/site-calibration.md).");
        }
    }

    private static void RequireBenign(int malignant, int images, string what)
    {
        if (malignant == images)
        {
            throw new CalibrationRefusedException($"Every one of the {images} {what} is malignant: the specificity the threshold costs cannot be measured. Add the site's benign cases.");
        }
    }

    private static void RequireEnoughMalignant(int malignant, string images)
    {
        if (malignant < SiteProfile.MinimumMalignantCases)
        {
            throw new CalibrationRefusedException(
                $"Only {malignant} malignant case(s) among {images}; a site profile needs at least {SiteProfile.MinimumMalignantCases}. With fewer, the sensitivity " +
                "the threshold is chosen for cannot be measured closely enough (a 95% interval some 0.22 wide at 30 cases). Label more of the site's malignant lesions " +
                "(docs/site-calibration.md: cases needed for a given interval width).");
        }
    }

    private static string DefaultSite(CalibrateArguments options) =>
        Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(options.Labels))) is { Length: > 0 } folder ? folder : "site";
}
