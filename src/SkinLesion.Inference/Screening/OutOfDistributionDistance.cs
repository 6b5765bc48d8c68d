using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkinLesion.Inference.Screening;

/// <summary>
/// One distance of the artifact, on one graph output (<see cref="Output"/>): <see cref="MeanCount"/> means of
/// that output over HAM10000 training images and a shared covariance, shrunk towards its mean variance and kept
/// as its top principal components plus one isotropic residual variance (probabilistic PCA). Before any of that,
/// the output loses its components along <see cref="NuisanceBasis"/>: the directions in which it moves when the
/// same lesion is photographed by another clinic's equipment (training/acquisition.py), which say nothing about
/// whether the image is a skin lesion. Above <see cref="Threshold"/> is refused, unless <see cref="Refuses"/> is false.
/// </summary>
public sealed record OutOfDistributionDistance
{
    public required string Output { get; init; }
    public string? Method { get; init; }
    public required int Dimension { get; init; }
    public required int Components { get; init; }
    public required int MeanCount { get; init; }

    /// <summary>[meanCount, dimension].</summary>
    public required string Means { get; init; }

    /// <summary>[components, dimension] orthonormal principal directions.</summary>
    public required string Basis { get; init; }

    /// <summary>[components] variances along <see cref="Basis"/>.</summary>
    public required string Variances { get; init; }

    public required double ResidualVariance { get; init; }

    /// <summary>Number of orthonormal rows in <see cref="NuisanceBasis"/>; 0 projects nothing out.</summary>
    public int NuisanceComponents { get; init; }

    /// <summary>[nuisanceComponents, dimension] orthonormal directions removed before scoring.</summary>
    public string? NuisanceBasis { get; init; }

    public required double Threshold { get; init; }

    /// <summary>
    /// Schema 5: false keeps the distance as information only (computed and reported, never refusing), e.g. the
    /// early-stage distance beside a screening head, since it measures the camera as much as the content. Absent
    /// (null) means true. Nullable rather than defaulted: the source-generated reader sets every init-only property,
    /// so an initialiser's default would be overwritten with false for an artifact without the field.
    /// </summary>
    public bool? Refuses { get; init; }

    /// <summary>Whether a score above <see cref="Threshold"/> refuses the image (<see cref="Refuses"/>, true when absent).</summary>
    [JsonIgnore]
    public bool RefusesImages => Refuses ?? true;

    public JsonElement? TrainScorePercentiles { get; init; }
}
