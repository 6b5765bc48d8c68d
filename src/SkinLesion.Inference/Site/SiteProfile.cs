using System.Text.Json;
using System.Text.Json.Serialization;
using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Inference.Site;

/// <summary>
/// A site profile: the operating point (malignant threshold and uncertainty band) a hospital chose on its own labelled
/// images with <c>calibrate</c>, for one exact model (its sha256), with the figures and intervals it was chosen on.
/// Schema 2 adds the site's screening threshold (<see cref="Screening"/>); a schema-1 profile is still read, and keeps
/// the shipped screening. The one definition of the file: the command writes it, the service reads it (SkinLesion:Site:ProfilePath)
/// and refuses it at startup when it does not pass <see cref="Read"/> or was made for another model
/// (<see cref="OperatingPoint.ForSite"/>). docs/site-calibration.md describes it for the hospital.
/// </summary>
public sealed record SiteProfile
{
    public const int CurrentSchemaVersion = 2;

    /// <summary>Profiles written before the site screening threshold: read, with the shipped screening.</summary>
    public const int FirstSchemaVersion = 1;

    /// <summary>The value of <see cref="Kind"/> that tells this file from other JSON (a manifest, a report).</summary>
    public const string ProfileKind = "skinlesion-site-profile";

    /// <summary>Fewer malignant cases leave the sensitivity interval too wide to choose on (docs/site-calibration.md has the widths).</summary>
    public const int MinimumMalignantCases = 30;

    /// <summary>The service warns, in its log and on /model, when <see cref="SensitivityLowerBound"/> is below this.</summary>
    public const double SensitivityWarningFloor = 0.80;

    public required int SchemaVersion { get; init; }

    /// <summary>Always <see cref="ProfileKind"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The site (hospital, clinic, department) the images came from, as answers name it.</summary>
    public required string Site { get; init; }

    /// <summary>The profile's version, as answers name it: a later calibration of the same site gets a new one.</summary>
    public required string Version { get; init; }

    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>The model the images were scored with; the service loads the profile only for this sha256.</summary>
    public required ModelIdentity Model { get; init; }

    /// <summary>The malignant sensitivity the threshold was chosen for.</summary>
    public required double TargetSensitivity { get; init; }

    /// <summary>Malignant when the summed malignant probability is at least this.</summary>
    public required double Threshold { get; init; }

    /// <summary>The threshold the same rule chooses on bootstrap resamples of the site's images: how firmly the data fix it.</summary>
    public IReadOnlyList<double>? ThresholdCi95 { get; init; }

    /// <summary>How the threshold was chosen, ties included, in words.</summary>
    public required string Rule { get; init; }

    /// <summary>The manifest's band moved to start at <see cref="Threshold"/>; null when the manifest has none (nothing is uncertain).</summary>
    public required UncertaintyBand? Band { get; init; }

    public required SiteData ChosenOn { get; init; }

    public required SiteFigures Figures { get; init; }

    /// <summary>The shipped threshold on the same images.</summary>
    public required ShippedOnSite Shipped { get; init; }

    public required BootstrapInfo Bootstrap { get; init; }

    /// <summary>
    /// Schema 2: the screening head's threshold chosen on the site's images, for one exact out-of-distribution artifact;
    /// null keeps the artifact's own (a schema-1 profile, calibrate --shipped-screening, a model without a screening head or
    /// an artifact without a site floor, or no image whose refusal the head decided).
    /// </summary>
    public SiteScreening? Screening { get; init; }

    /// <summary>The command line that made the profile, runnable from the repository root.</summary>
    public string? Command { get; init; }

    /// <summary>The file the profile was read from; not part of the file.</summary>
    [JsonIgnore]
    public string? Source { get; init; }

    /// <summary>
    /// How low the site's malignant sensitivity may be: the lower of the two 95% lower ends, the profile's own (a percentile
    /// bootstrap) and the Wilson score interval of the sensitivity over its malignant cases. The bootstrap's is too high
    /// with few cases (docs/site-calibration.md): at an observed 0.90 it passes 0.80 from about 36 cases, Wilson's from
    /// about 62. NaN when either is unknown.
    /// </summary>
    [JsonIgnore]
    public double SensitivityLowerBound =>
        Figures.Sensitivity is { Value: { } value, Ci95: [var lower, _] } && ChosenOn.Malignant > 0
            ? Math.Min(lower, WilsonLower(value, ChosenOn.Malignant))
            : double.NaN;

    /// <summary>Whether <see cref="SensitivityLowerBound"/> is below <see cref="SensitivityWarningFloor"/>, or unknown.</summary>
    [JsonIgnore]
    public bool SensitivityBelowFloor => !(SensitivityLowerBound >= SensitivityWarningFloor);

    /// <summary>The lower end of the Wilson score 95% interval of a proportion observed as <paramref name="proportion"/> of <paramref name="cases"/>.</summary>
    public static double WilsonLower(double proportion, int cases)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cases);
        const double Z = 1.959963984540054;
        double n = cases;
        double centre = proportion + (Z * Z / (2 * n));
        double spread = Z * Math.Sqrt((proportion * (1 - proportion) / n) + (Z * Z / (4 * n * n)));
        return (centre - spread) / (1 + (Z * Z / n));
    }

    /// <summary>The file's text: indented JSON and a final newline.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SiteProfileJsonContext.Profile.SiteProfile) + "\n";

    /// <summary>Writes the file, creating its folder.</summary>
    public void Write(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, ToJson());
    }

    /// <summary>Reads and checks a profile; every problem names the file and what is wrong.</summary>
    /// <exception cref="SiteProfileException">The file is missing, unreadable, not a site profile of a known schema, or inconsistent.</exception>
    public static SiteProfile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new SiteProfileException(path, $"the file does not exist. Set {SiteOptions.SectionName}:ProfilePath (environment variable SkinLesion__Site__ProfilePath) to the profile calibrate wrote, or leave it unset for the shipped operating point.");
        }

        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SiteProfileException(path, $"the file cannot be read: {ex.Message}", ex);
        }

        return FromJson(json, path);
    }

    /// <param name="source">Names the profile in error messages (its path).</param>
    /// <exception cref="SiteProfileException">The text is not a site profile of a known schema, or is inconsistent.</exception>
    public static SiteProfile FromJson(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        SiteProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize(json, SiteProfileJsonContext.Profile.SiteProfile);
        }
        catch (JsonException ex)
        {
            throw new SiteProfileException(source, $"it is not a site profile of schema version {FirstSchemaVersion} to {CurrentSchemaVersion}: {ex.Message}", ex);
        }

        if (profile is null)
        {
            throw new SiteProfileException(source, "the file is empty (JSON null).");
        }

        return SiteProfileValidator.FindProblem(profile) is { } problem
            ? throw new SiteProfileException(source, problem)
            : profile with { Source = source };
    }
}
