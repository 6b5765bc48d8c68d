namespace SkinLesion.Inference.Evaluation;

/// <summary>A labelled image that was not scored: not found, or refused by the pipeline.</summary>
public sealed record FailedImage(string ImageId, string Reason, string Message);
