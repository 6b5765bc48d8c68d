using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Cli.Evaluation;

/// <summary>The figures of one evaluated set, before they are wrapped into a report.</summary>
internal sealed record ComputedFigures(
    string Task,
    IReadOnlyList<HeadlineFigure> Headline,
    IReadOnlyDictionary<string, Estimate> Rates,
    Figures? Figures,
    IReadOnlyList<string> ClassesPresent,
    IReadOnlyList<string> ClassesAbsent,
    IReadOnlyList<string> Notes);
