using System.Text.Json;

namespace SkinLesion.Inference.Screening;

/// <summary>
/// The out-of-distribution artifact written by training/ood.py (models/*-ood.json, listed in the manifest's
/// <c>outOfDistribution</c> section), schema 4: the <see cref="Distances"/> that refuse an image unlike the
/// training images, each of one shape (<see cref="OutOfDistributionDistance"/>), and the texture floor it was
/// validated with. Schema 5 (training/screening_head.py) adds the optional <see cref="Head"/> and a distance's
/// <see cref="OutOfDistributionDistance.Refuses"/>. Float arrays are base64 of little-endian float32.
/// </summary>
public sealed record OutOfDistributionArtifact
{
    public required int SchemaVersion { get; init; }
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required string ModelSha256 { get; init; }

    /// <summary>The manifest's label codes, in output order: the embedding distance holds one mean per class in this order.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    public required double TextureMinimum { get; init; }
    public required OutOfDistributionDistances Distances { get; init; }

    /// <summary>Schema 5: the learned dermoscopy-vs-not head; null when the artifact has none (the distances alone decide).</summary>
    public ScreeningHead? Head { get; init; }

    public JsonElement? Fit { get; init; }
    public JsonElement? Validation { get; init; }
    public IReadOnlyList<OutOfDistributionReference> Reference { get; init; } = [];
}
