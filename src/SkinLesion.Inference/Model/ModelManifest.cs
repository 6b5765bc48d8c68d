using System.Text.Json;

namespace SkinLesion.Inference.Model;

/// <summary>
/// The model manifest written by the training pipeline (models/*.json). The shape is the contract in
/// docs/model-contract.md; sections the service does not interpret (metrics, training, data) are kept as
/// opaque JSON so the model card can pass them through unchanged.
/// </summary>
public sealed record ModelManifest
{
    public required int SchemaVersion { get; init; }
    public required string Name { get; init; }
    public required string Version { get; init; }
    public DateTimeOffset? Created { get; init; }
    public string? Description { get; init; }
    public required string File { get; init; }
    public required string Sha256 { get; init; }
    public long? SizeBytes { get; init; }
    public int? Opset { get; init; }
    public required ManifestInput Input { get; init; }
    public required ManifestOutputs Outputs { get; init; }

    /// <summary>Network pixels per cam cell (32 for MobileNetV2); with <c>input.networkSize</c> it places the cam grid.</summary>
    public int? CamStride { get; init; }

    public required IReadOnlyList<ManifestLabel> Labels { get; init; }
    public required ManifestCalibration Calibration { get; init; }
    public required ManifestDecisionRule DecisionRule { get; init; }
    public required ManifestThreshold MalignantThreshold { get; init; }
    public JsonElement? Metrics { get; init; }
    public JsonElement? Split { get; init; }
    public JsonElement? Training { get; init; }
    public JsonElement? Data { get; init; }
    public string? IntendedUse { get; init; }
    public IReadOnlyList<string> Limitations { get; init; } = [];
    public JsonElement? Figures { get; init; }

    /// <summary>The out-of-distribution artifact (training/ood.py); without it the distance checks are off.</summary>
    public ManifestOutOfDistribution? OutOfDistribution { get; init; }

    /// <summary>When an accepted image is reported as uncertain; without it nothing is.</summary>
    public ManifestUncertainty? Uncertainty { get; init; }

    /// <summary>The lesion segmentation graph; without it no segmentation is offered.</summary>
    public ManifestSegmentation? Segmentation { get; init; }

    /// <summary>The clinical fields a request may send and whether the model uses them; without it none are accepted.</summary>
    public ManifestClinical? Clinical { get; init; }

    /// <summary>
    /// Every file of this model: the manifest at <paramref name="manifestPath"/>, then the graph, the screening artifact
    /// and the segmentation graph it names, each resolved beside it as the service resolves them. A tool's output must
    /// land on none of them: a report written over one leaves a service that no longer starts.
    /// </summary>
    public IReadOnlyList<(string Role, string Path)> Files(string manifestPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        string manifest = System.IO.Path.GetFullPath(manifestPath);
        var files = new List<(string Role, string Path)> { ("manifest", manifest), ("graph", ModelLoader.NextTo(manifest, File)) };
        if (OutOfDistribution is { } screening)
        {
            files.Add(("screening artifact", ModelLoader.NextTo(manifest, screening.File)));
        }

        if (Segmentation is { } segmentation)
        {
            files.Add(("segmentation graph", ModelLoader.NextTo(manifest, segmentation.File)));
        }

        return files;
    }

    /// <summary>Reads and checks a manifest as the service does at startup, without opening the .onnx file it names.</summary>
    /// <exception cref="ModelLoadException">The file is missing or is not a consistent manifest.</exception>
    public static ModelManifest Read(string path) => ManifestValidator.Read(path);
}
