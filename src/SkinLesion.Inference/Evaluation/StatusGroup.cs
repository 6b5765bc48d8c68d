namespace SkinLesion.Inference.Evaluation;

/// <summary>The statuses of one group of images (a negative set's group, or a labelled set's true label).</summary>
/// <param name="Rates">accepted, classified, uncertain, rejected as shares of <paramref name="Images"/>.</param>
public sealed record StatusGroup(string Name, int Images, StatusCounts Counts, IReadOnlyDictionary<string, int> Reasons, IReadOnlyDictionary<string, double?> Rates);
