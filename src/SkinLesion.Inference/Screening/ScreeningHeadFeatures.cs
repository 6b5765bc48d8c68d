namespace SkinLesion.Inference.Screening;

/// <summary>
/// The names a screening head may list in <see cref="ScreeningHead.Features"/>: each is a graph output after its
/// distance's nuisance projection, so the head sees exactly the vectors the distances score.
/// </summary>
public static class ScreeningHeadFeatures
{
    /// <summary>The embedding without the nuisance directions of <c>distances.embedding</c>.</summary>
    public const string Embedding = "embedding";

    /// <summary>The early-stage statistics without the nuisance directions of <c>distances.early</c>.</summary>
    public const string EarlyStatistics = "earlyStatistics";

    public static IReadOnlyList<string> All { get; } = [Embedding, EarlyStatistics];
}
