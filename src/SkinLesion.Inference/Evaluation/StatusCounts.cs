namespace SkinLesion.Inference.Evaluation;

/// <summary>How many images the service would classify, report as uncertain or reject (Inference's Assessment).</summary>
/// <param name="Accepted">Classified + uncertain: images shown with probabilities.</param>
public sealed record StatusCounts(int Classified, int Uncertain, int Rejected, int Accepted);
