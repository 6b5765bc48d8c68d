namespace SkinLesion.Inference.Evaluation;

/// <summary>report.json "bootstrap": how the 95% intervals were drawn.</summary>
/// <param name="ResampledBy">"lesion_id" when the labels carry lesion ids, otherwise "image".</param>
/// <param name="Units">How many lesions (or images) each resample draws.</param>
public sealed record BootstrapInfo(int Replicates, uint Seed, double Confidence, string ResampledBy, int Units, string Method);
