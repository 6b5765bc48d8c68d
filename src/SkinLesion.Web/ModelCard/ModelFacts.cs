using System.Text.Json;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Web.Api;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.ModelCard;

/// <summary>
/// What the service says about the loaded model: the manifest's identity, rules, training figures, data and intended
/// use, and the limits the service applies to uploads. GET /api/v1/model answers with these facts and the /model page
/// lays them out, so the two cannot drift apart. The manifest's metrics, split, training and data stay opaque JSON,
/// so the training side can extend them without a service release.
/// </summary>
public sealed class ModelFacts
{
    private ModelFacts(ISkinLesionClassifier classifier, UploadOptions upload, ImageOptions images)
    {
        Manifest = classifier.Manifest;
        Identity = classifier.Model;
        OperatingPoint = classifier.OperatingPoint;
        JpegDecoder = classifier.JpegDecoder;
        MaxUploadBytes = upload.MaxBytes;
        MaxPixels = images.MaxPixels;
        MinSide = images.MinSide;
    }

    public ModelManifest Manifest { get; }

    /// <summary>Name, version and sha256 of the model the classifier loaded.</summary>
    public ModelIdentity Identity { get; }

    /// <summary>The threshold and band verdicts use: the manifest's, or the site profile's with its figures.</summary>
    public OperatingPoint OperatingPoint { get; }

    public string JpegDecoder { get; }

    public IReadOnlyList<string> AcceptedFormats { get; } = ["image/png", "image/jpeg"];

    public long MaxUploadBytes { get; }

    public long MaxPixels { get; }

    public int MinSide { get; }

    /// <summary>The training data's licence (data.licence), null where the manifest does not state it.</summary>
    public string? Licence => DataText("licence");

    public string? DataName => DataText("name");

    public string? DataAttribution => DataText("attribution");

    /// <summary>The sets used for external evaluation only (data.externalSets).</summary>
    public string? ExternalSets => DataText("externalSets");

    /// <summary>
    /// The training sources beyond the main data set (data.extraTrainingSources: other clinics' images), as one
    /// sentence; null where the model was trained on its main data set alone.
    /// </summary>
    public string? OtherTrainingSources
    {
        get
        {
            if (Manifest.Data is not { ValueKind: JsonValueKind.Object } data
                || !data.TryGetProperty("extraTrainingSources", out var extra) || extra.ValueKind != JsonValueKind.Object
                || !extra.TryGetProperty("sources", out var sources) || sources.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var names = sources.EnumerateArray()
                .Select(source => source.ValueKind == JsonValueKind.Object && source.TryGetProperty("name", out var name) ? name.GetString() : null)
                .OfType<string>()
                .ToList();
            string licence = extra.TryGetProperty("licence", out var l) && l.ValueKind == JsonValueKind.String ? $"; {l.GetString()}" : "";
            return names.Count == 0 ? null : string.Join(", ", names) + licence;
        }
    }

    /// <summary>The manifest's figures (confusion, roc, ...) by name, in manifest order.</summary>
    public IReadOnlyList<string> FigureNames => Manifest.Figures is { ValueKind: JsonValueKind.Object } figures
        ? [.. figures.EnumerateObject().Select(figure => figure.Name)]
        : [];

    public static ModelFacts From(ISkinLesionClassifier classifier, UploadOptions upload, ImageOptions images)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(images);
        return new ModelFacts(classifier, upload, images);
    }

    /// <summary>Training's figures on one of its sets (metrics.test, metrics.validation, ...), null where the manifest has none.</summary>
    public JsonElement? TrainingFigures(string set) => TrainingMetrics.Section(Manifest.Metrics, set);

    private string? DataText(string name) =>
        Manifest.Data is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
