namespace SkinLesion.Inference.Screening;

/// <summary>The artifact's distances by role; an image is refused when any of them that refuses (<see cref="OutOfDistributionDistance.Refuses"/>) is above its threshold.</summary>
public sealed record OutOfDistributionDistances
{
    /// <summary>On the model's embedding, one mean per class.</summary>
    public required OutOfDistributionDistance Embedding { get; init; }

    /// <summary>On the per-channel statistics of the model's early stages (training/skinlesion/early.py); null when the artifact has none.</summary>
    public OutOfDistributionDistance? Early { get; init; }
}
