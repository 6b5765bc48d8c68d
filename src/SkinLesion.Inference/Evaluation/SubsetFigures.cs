namespace SkinLesion.Inference.Evaluation;

/// <summary>The classification figures on a subset of the evaluated images, under the same keys as the report's own.</summary>
/// <param name="Images">Images in the subset; 0 leaves headline and rates empty.</param>
/// <param name="Units">Lesions (or images) the subset's bootstrap resamples.</param>
public sealed record SubsetFigures(
    string Definition,
    int Images,
    int Units,
    IReadOnlyList<HeadlineFigure> Headline,
    IReadOnlyDictionary<string, Estimate> Rates,
    ConfusionMatrixFigure? ConfusionMatrix);
