namespace SkinLesion.Inference.Model;

public sealed record ManifestOutputs
{
    public required string Probabilities { get; init; }
    public string? Logits { get; init; }
    public string? Embedding { get; init; }
    public string? Cam { get; init; }

    /// <summary>Per-channel statistics of early stages (training/skinlesion/early.py), scored by the out-of-distribution artifact's second check.</summary>
    public string? EarlyStatistics { get; init; }
}
