using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Inference.Site;

/// <summary>The shipped operating point measured on the same site images, so the profile shows what it changes.</summary>
/// <param name="Threshold">The manifest's threshold.</param>
/// <param name="Sensitivity">Malignant cases at or above it, over every evaluated image.</param>
/// <param name="Specificity">Benign cases below it.</param>
public sealed record ShippedOnSite(double Threshold, Estimate Sensitivity, Estimate Specificity);
