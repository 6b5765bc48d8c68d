namespace SkinLesion.Inference.Evaluation;

/// <summary>report.json "assessment" (schema 1.1): the statuses of every evaluated image.</summary>
/// <param name="Images">Evaluated images (failures are not assessed; they are listed in failures).</param>
/// <param name="Reasons">Images carrying each reason code; an uncertain image can carry two, so these may add up to more than the uncertain count.</param>
/// <param name="Rates">accepted, classified, uncertain, rejected as shares of the evaluated images, with bootstrap intervals.</param>
/// <param name="GroupedBy">"group" on a negative set, "label" (the true label) on a labelled one.</param>
public sealed record AssessmentFigures(
    string Definition,
    ScreeningInfo Screening,
    int Images,
    StatusCounts Counts,
    IReadOnlyDictionary<string, int> Reasons,
    IReadOnlyDictionary<string, Estimate> Rates,
    string GroupedBy,
    IReadOnlyList<StatusGroup> Groups);
