using System.Text.Json;

namespace SkinLesion.Inference.Screening;

/// <summary>
/// The out-of-distribution artifact written by training/ood.py (models/*-ood.json, listed in the manifest's
/// <c>outOfDistribution</c> section): class means of the model's embedding over HAM10000 training images and
/// a shared covariance, shrunk towards its mean variance and kept as its top principal components plus one
/// isotropic residual variance (probabilistic PCA). Before any of that, the embedding loses its components
/// along <c>nuisanceBasis</c>: the directions in which it moves when the same lesion is photographed by
/// another clinic's equipment (training/acquisition.py), which say nothing about whether the image is a
/// skin lesion. Schema 3 adds <see cref="Early"/>, a second check of the same form on the model's early-stage
/// statistics. Float arrays are base64 of little-endian float32.
/// </summary>
public sealed record OutOfDistributionArtifact
{
    public required int SchemaVersion { get; init; }
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required string ModelSha256 { get; init; }
    public required string EmbeddingOutput { get; init; }
    public required int Dimension { get; init; }
    public required int Components { get; init; }
    public required IReadOnlyList<string> Labels { get; init; }
    public required string ClassMeans { get; init; }
    public required string Basis { get; init; }
    public required string Variances { get; init; }
    public required double ResidualVariance { get; init; }
    public required double Threshold { get; init; }
    public required double TextureMinimum { get; init; }

    /// <summary>Number of orthonormal rows in <see cref="NuisanceBasis"/>; 0 projects nothing out.</summary>
    public int NuisanceComponents { get; init; }

    /// <summary>[nuisanceComponents, dimension] orthonormal directions removed from the embedding before scoring.</summary>
    public string? NuisanceBasis { get; init; }

    /// <summary>Schema 3: a second distance on the model's early-stage statistics; null when the artifact has none.</summary>
    public OutOfDistributionEarlyCheck? Early { get; init; }

    public string? Method { get; init; }
    public JsonElement? Fit { get; init; }
    public JsonElement? Validation { get; init; }
    public IReadOnlyList<OutOfDistributionReference> Reference { get; init; } = [];
}
