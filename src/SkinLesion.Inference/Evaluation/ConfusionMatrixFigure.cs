namespace SkinLesion.Inference.Evaluation;

/// <summary>A confusion matrix with the words that say what its rows and columns are.</summary>
/// <param name="Rows">Counts; rows are the true class, columns the predicted one, both in <paramref name="Labels"/> order.</param>
public sealed record ConfusionMatrixFigure(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<long>> Rows, string Definition);
