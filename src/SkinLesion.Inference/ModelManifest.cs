using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkinLesion.Inference;

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
    public JsonElement? CamShape { get; init; }
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
}

public sealed record ManifestOutOfDistribution
{
    /// <summary>The artifact's file name, resolved next to the manifest.</summary>
    public required string File { get; init; }
    public required string Sha256 { get; init; }
    public required string Version { get; init; }
    public string? Description { get; init; }
}

/// <summary>
/// An accepted image is "uncertain" when the reported class's calibrated probability is below
/// <see cref="MinTopProbability"/>, or when the malignant probability lies in [<see cref="BorderlineFrom"/>, <see cref="BorderlineTo"/>).
/// </summary>
public sealed record ManifestUncertainty
{
    public required double MinTopProbability { get; init; }
    public required double BorderlineFrom { get; init; }
    public required double BorderlineTo { get; init; }
    public string? ChosenOn { get; init; }
    public string? Description { get; init; }
    public JsonElement? Validation { get; init; }
}

public sealed record ManifestInput
{
    public required string Name { get; init; }
    public required string Dtype { get; init; }
    public required string Layout { get; init; }
    public required int Height { get; init; }
    public required int Width { get; init; }
    public required int Channels { get; init; }
    public required string ColorOrder { get; init; }
    public string? Normalization { get; init; }
    public JsonElement? Geometry { get; init; }
}

public sealed record ManifestOutputs
{
    public required string Probabilities { get; init; }
    public string? Logits { get; init; }
    public string? Embedding { get; init; }
    public string? Cam { get; init; }

    /// <summary>Per-channel statistics of early stages (training/skinlesion/early.py), scored by the out-of-distribution artifact's second check.</summary>
    public string? EarlyStatistics { get; init; }
}

public sealed record ManifestLabel
{
    public required int Index { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required bool Malignant { get; init; }
}

public sealed record ManifestCalibration
{
    public required string Method { get; init; }
    public double? Temperature { get; init; }
    public string? FittedOn { get; init; }
    public int? Bins { get; init; }
    public double? EceBefore { get; init; }
    public double? EceAfter { get; init; }
}

public sealed record ManifestDecisionRule
{
    public required string Type { get; init; }
    public double? Exponent { get; init; }
    public IReadOnlyList<double>? Priors { get; init; }
    public string? Description { get; init; }
}

public sealed record ManifestThreshold
{
    public required double Value { get; init; }
    public double? TargetSensitivity { get; init; }
    public double? ValidationSensitivity { get; init; }
    public double? ValidationSpecificity { get; init; }
}

/// <summary>Source-generated (trimming- and reflection-free) JSON metadata for the manifest.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
