using System.Globalization;
using System.Text.Json;

namespace SkinLesion.Tests.Shared;

/// <summary>
/// Facts of the committed model, read from its manifest (models/skin-lesion-mobilenetv2.json) and its
/// out-of-distribution artifact, so that a retrained model needs no test edits. Values are formatted the way the
/// service writes them, so a test can look for them in a page or a log line.
/// </summary>
internal static class ShippedModel
{
    private static readonly Lazy<JsonElement> LazyManifest = new(() => ReadJson(RepoLayout.ManifestPath));

    private static readonly Lazy<JsonElement> LazyOutOfDistribution = new(() =>
        ReadJson(Path.Combine(RepoLayout.ModelsDirectory, Manifest.GetProperty("outOfDistribution").GetProperty("file").GetString()!)));

    public static JsonElement Manifest => LazyManifest.Value;

    public static string Name => Text(Manifest, "name");

    public static string Version => Text(Manifest, "version");

    public static string Sha256 => Text(Manifest, "sha256");

    /// <summary>"skin-lesion-mobilenetv2 1.1.0": how the result pages name the model.</summary>
    public static string NameAndVersion => $"{Name} {Version}";

    /// <summary>
    /// Every file of the shipped model, as file names in models/: the manifest, the graph, the screening artifact and,
    /// when the manifest lists one, the segmentation graph. A test that copies the model copies these.
    /// </summary>
    public static IReadOnlyList<string> Files =>
        [Path.GetFileName(RepoLayout.ManifestPath), Text(Manifest, "file"), Text(Manifest.GetProperty("outOfDistribution"), "file"), .. SegmentationFile is { } segmentation ? [segmentation] : Array.Empty<string>()];

    /// <summary>The segmentation graph's file name; null while the shipped manifest lists none.</summary>
    public static string? SegmentationFile =>
        Manifest.TryGetProperty("segmentation", out var segmentation) ? Text(segmentation, "file") : null;

    /// <summary>Whether the shipped model offers segmentation (its manifest lists a segmentation graph).</summary>
    public static bool HasSegmentation => SegmentationFile is not null;

    /// <summary>Why a test that needs the segmentation graph is skipped while the shipped manifest lists none.</summary>
    public const string NoSegmentationReason = "The shipped manifest (models/skin-lesion-mobilenetv2.json) lists no segmentation graph yet, so segment=true is answered 409 segmentation-unavailable; the lesion-outline tests run once it does.";

    /// <summary>The manifest's decisionRule.type: "argmax" or "prior-adjusted-argmax".</summary>
    public static string DecisionRuleType => Text(Manifest.GetProperty("decisionRule"), "type");

    public const string PlainArgmaxReason = "The shipped manifest's decision rule is plain argmax, under which the top class is always the most probable one.";

    /// <summary>The version of the screening artifact the manifest lists.</summary>
    public static string ScreeningArtifactVersion => Text(Manifest.GetProperty("outOfDistribution"), "version");

    /// <summary>How many classes the model scores (its labels, in output order).</summary>
    public static int ClassCount => Manifest.GetProperty("labels").GetArrayLength();

    /// <summary>The model input's width and height: every map and outline the service returns is drawn at this size.</summary>
    public static (int Width, int Height) InputSize =>
        (Manifest.GetProperty("input").GetProperty("width").GetInt32(), Manifest.GetProperty("input").GetProperty("height").GetInt32());

    public static double MalignantThreshold => Manifest.GetProperty("malignantThreshold").GetProperty("value").GetDouble();

    /// <summary>"18.5%": the threshold as the result pages write it (one decimal).</summary>
    public static string MalignantThresholdPercent =>
        string.Create(CultureInfo.InvariantCulture, $"{MalignantThreshold * 100.0:0.0}%");

    /// <summary>"90%": the sensitivity the threshold was chosen for, as the model page writes it.</summary>
    public static string TargetSensitivityPercent =>
        string.Create(CultureInfo.InvariantCulture, $"{Manifest.GetProperty("malignantThreshold").GetProperty("targetSensitivity").GetDouble() * 100:0}%");

    /// <summary>The training data's licence ("CC BY-NC-SA 4.0").</summary>
    public static string DataLicence => Text(Manifest.GetProperty("data"), "licence");

    /// <summary>The file name of one of the manifest's figures ("confusion", "roc", "reliability", "curves").</summary>
    public static string FigureFile(string key) => Text(Manifest.GetProperty("figures"), key);

    /// <summary>
    /// A test-split metric as the model page writes it: "v.vvv (l.lll–u.uuu)", three decimals with the 95% interval.
    /// </summary>
    public static string TestMetricText(string key)
    {
        var metric = Manifest.GetProperty("metrics").GetProperty("test").GetProperty(key);
        var ci = metric.GetProperty("ci95");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{metric.GetProperty("value").GetDouble():0.000} ({ci[0].GetDouble():0.000}–{ci[1].GetDouble():0.000})");
    }

    /// <summary>The clinical-data study's report (the manifest's clinical.report), which is not a data set's evaluation report.</summary>
    public static string ClinicalStudyReportPath =>
        Path.GetFullPath(Path.Combine(RepoLayout.ModelsDirectory, Text(Manifest.GetProperty("clinical"), "report")));

    /// <summary>"balanced accuracy +0.0047, malignant AUC +0.0001": the manifest's clinical validation gain as the service words it.</summary>
    public static string ClinicalGainText
    {
        get
        {
            var gain = Manifest.GetProperty("clinical").GetProperty("validationGain");
            return string.Create(CultureInfo.InvariantCulture,
                $"balanced accuracy {gain.GetProperty("balancedAccuracy").GetDouble():+0.0000;-0.0000;0.0000}, malignant AUC {gain.GetProperty("malignantAuc").GetDouble():+0.0000;-0.0000;0.0000}");
        }
    }

    /// <summary>The smallest texture the screening accepts (the out-of-distribution artifact's textureMinimum).</summary>
    public static double TextureMinimum => LazyOutOfDistribution.Value.GetProperty("textureMinimum").GetDouble();

    private static string Text(JsonElement parent, string name) =>
        parent.GetProperty(name).GetString() ?? throw new InvalidOperationException($"'{name}' is not a string in the manifest.");

    private static JsonElement ReadJson(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }
}
