namespace SkinLesion.Inference.Screening;

/// <summary>
/// The second check of schema 3: the same kind of distance (nuisance projection, then Mahalanobis to the nearest
/// of <see cref="MeanCount"/> means) on the output that holds per-channel statistics of the model's early stages
/// (training/skinlesion/early.py). An image is refused when either distance is above its threshold.
/// </summary>
public sealed record OutOfDistributionEarlyCheck
{
    public required string Output { get; init; }
    public required int Dimension { get; init; }
    public required int Components { get; init; }
    public required int MeanCount { get; init; }
    public required string Means { get; init; }
    public required string Basis { get; init; }
    public required string Variances { get; init; }
    public required double ResidualVariance { get; init; }
    public int NuisanceComponents { get; init; }
    public string? NuisanceBasis { get; init; }
    public required double Threshold { get; init; }
    public string? Method { get; init; }
}
