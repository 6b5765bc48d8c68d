using System.Globalization;
using SkinLesion.Cli.Files;
using SkinLesion.Cli.Settings;

namespace SkinLesion.Cli.Commands;

/// <summary>The options of <c>calibrate</c>, parsed and checked before anything is loaded.</summary>
internal sealed record CalibrateArguments
{
    public const string Usage = """
        Usage: dotnet run --project src/SkinLesion.Cli -- calibrate --images <folder|file.tar.gz> --labels <file.csv> --out <profile.json> [options]

        Sets a site's operating point on its own labelled images (docs/site-calibration.md): scores them with the
        served model, chooses the malignant threshold for the target sensitivity (the highest threshold at which at
        least that share of the malignant cases is called malignant), moves the uncertainty band to start there, sets
        the screening's threshold so that it accepts the site's dermoscopy (within the artifact's limits), and writes a
        site profile with the figures it was chosen on and their 95% bootstrap intervals. The service uses it
        with SkinLesion:Site:ProfilePath; evaluate --site-profile measures it on other images.

        Required:
          --images <path>         Folder of PNG/JPEG images (searched recursively) or a .tar.gz of them; an image's id
                                  is its file name without extension.
          --labels <path>         CSV in any format evaluate reads (see evaluate --help): HAM10000 metadata, ISIC 2018
                                  one-hot, ISIC 2017 or 2016 part 3, or plain image_id,dx. Malignant means melanoma on
                                  the ISIC 2016/2017 formats and mel, bcc or akiec on seven-class labels.
          --out <file>            Where the profile goes (overwritten).

        Options:
          --site <name>           The site's name, as answers will carry it (default: the labels file's folder name).
          --target-sensitivity <x>
                                  Malignant sensitivity to choose the threshold for, from 0.80 to below 1
                                  (default: 0.90).
          --profile-version <v>   The profile's version, as answers will carry it (default: the UTC time it was made,
                                  e.g. 20261201T101500Z).
          --split <name>          Only images whose split is <name> in --split-file.
          --split-file <path>     CSV with image_id and split columns.
          --model <path>          Model manifest to score with (default: the model the service serves: the manifest in
                                  SkinLesion__Model__Path when set, as the service reads it, else the shipped one). A
                                  profile for any other model than the served one is refused.
          --parallelism <n>       Images classified at once (default: logical processor count).
          --bootstrap <n>         Bootstrap resamples for the 95% intervals (default: 1000).
          --seed <n>              Bootstrap seed (default: 0, as evaluate).
          --shipped-screening     Keep the screening's shipped threshold. By default the profile also sets the
                                  screening head's threshold for the site's equipment: the highest that accepts 99% of
                                  the site's images the head decides (not featureless, greyscale or refused by a distance), never above the shipped one and
                                  never below the artifact's floor
                                  (docs/site-calibration.md).
          -h, --help              Show this help.

        Refused (exit code 1, nothing written): fewer than 30 malignant cases, no benign case, a negative set, a model
        other than the served one, an --out that cannot be written, or an invalid SkinLesion__Images__ setting. Refused as
        bad arguments (exit code 2): an --out that is an input or a file of the scoring or the served model.
        Scored as the service scores: its model (SkinLesion__Model__Path) and its image settings (SkinLesion__Images__*).
        Exit codes: 0 profile written, 1 input, model or refusal, 2 bad arguments, 130 interrupted (Ctrl-C; nothing written).
        """;

    public const double DefaultTargetSensitivity = 0.90;

    /// <summary>
    /// The lowest target a profile may be made for. The verdict triages: a threshold that finds fewer than four in five
    /// malignant lesions at the site's own cases is not a triage rule (0.0001 once gave a threshold of 0.94), and the
    /// service takes a profile as given.
    /// </summary>
    public const double MinimumTargetSensitivity = 0.80;

    /// <summary>The service's setting the served model is read from (README, "Configuration").</summary>
    public static readonly string ServedModelVariable = ServiceSettings.VariableName(ModelOptions.SectionName, nameof(ModelOptions.Path));

    public required string Images { get; init; }

    public required string Labels { get; init; }

    public required string Out { get; init; }

    public string? Site { get; init; }

    public double TargetSensitivity { get; init; } = DefaultTargetSensitivity;

    public string? ProfileVersion { get; init; }

    public string? Split { get; init; }

    public string? SplitFile { get; init; }

    public string? Model { get; init; }

    public int Parallelism { get; init; } = Environment.ProcessorCount;

    public int BootstrapReplicates { get; init; } = 1000;

    public uint Seed { get; init; }

    /// <summary>Keep the artifact's screening threshold instead of choosing one on the site's images.</summary>
    public bool ShippedScreening { get; init; }

    /// <summary>Parses the arguments after "calibrate"; null when help was asked for.</summary>
    public static CalibrateArguments? Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = OptionParser.Parse("calibrate", args, KnownOptions, Flags);
        if (options is null)
        {
            return null;
        }

        var parsed = new CalibrateArguments
        {
            Images = options.Required("--images"),
            Labels = options.Required("--labels"),
            Out = options.Required("--out"),
            Site = options.Optional("--site"),
            TargetSensitivity = options.Fraction("--target-sensitivity", DefaultTargetSensitivity) is var target && target >= MinimumTargetSensitivity
                ? target
                : throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--target-sensitivity must be at least {MinimumTargetSensitivity:0.00}, got {target}: a threshold that finds fewer malignant lesions is not a triage rule.")),
            ProfileVersion = options.Optional("--profile-version"),
            Split = options.Optional("--split"),
            SplitFile = options.Optional("--split-file"),
            Model = options.Optional("--model"),
            Parallelism = options.Int("--parallelism", 1, 256, Environment.ProcessorCount),
            BootstrapReplicates = options.Int("--bootstrap", 1, 100_000, 1000),
            Seed = (uint)options.Int("--seed", 0, int.MaxValue, 0),
            ShippedScreening = options.Bool("--shipped-screening", false),
        };

        options.RequireSplitWithFile();

        if (Directory.Exists(parsed.Out))
        {
            throw new UsageException($"--out '{parsed.Out}' is a folder; name the profile's file (e.g. {Path.Combine(parsed.Out, "site-profile.json")}).");
        }

        // The profile is written over --out: never over the run's own input.
        foreach (var (option, input) in new[] { ("--labels", parsed.Labels), ("--split-file", parsed.SplitFile), ("--images", parsed.Images) })
        {
            if (input is not null && IsOrIsInside(parsed.Out, input))
            {
                throw new UsageException($"--out '{parsed.Out}' is {(option == "--images" && Directory.Exists(input) ? "inside" : "the same file as")} {option}; the profile would overwrite the run's input. Name another file.");
            }
        }

        return parsed;
    }

    // A path that cannot be resolved (a loop of links, a folder this user may not read) is said, not crashed on.
    private static bool IsOrIsInside(string output, string input)
    {
        try
        {
            return RealPath.IsOrIsInside(output, input);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out '{output}' cannot be compared with '{input}': {ex.Message}");
        }
    }

    private static readonly SortedSet<string> KnownOptions = new(StringComparer.Ordinal)
    {
        "--images", "--labels", "--out", "--site", "--target-sensitivity", "--profile-version", "--split", "--split-file", "--model",
        "--parallelism", "--bootstrap", "--seed", "--shipped-screening",
    };

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--shipped-screening" };
}
