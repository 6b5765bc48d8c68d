namespace SkinLesion.Inference.Evaluation;

/// <summary>report.json "segmentation.model": the segmentation graph that was evaluated.</summary>
public sealed record SegmentationModelInfo(string File, string Version, string Sha256, double Threshold);
