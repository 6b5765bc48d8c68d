namespace SkinLesion.Inference.Evaluation;

/// <summary>
/// report.json "segmentation.measures[]": how well one lesion measure separates malignant from benign lesions on this
/// set, as the AUC of the measure (higher = more suspicious) over the outlined images, with its bootstrap interval.
/// </summary>
/// <param name="Key">asymmetry, asymmetryMajorAxis, asymmetryMinorAxis, borderIrregularity, colourCount, greatestDiameter.</param>
/// <param name="Label">The measure's name for people.</param>
/// <param name="Images">Outlined images the AUC is over.</param>
/// <param name="Malignant">Of those, how many are malignant.</param>
/// <param name="Auc">The AUC (0.5 = no better than chance) with its interval.</param>
/// <param name="Definition">What the measure is and how malignant is defined on this set.</param>
public sealed record MeasureFigure(string Key, string Label, int Images, int Malignant, Estimate Auc, string Definition);
