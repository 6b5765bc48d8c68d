namespace SkinLesion.Inference.Segmentation;

/// <summary>
/// ABCD-style measures of an outlined lesion, computed from its mask and pixels (formulas and references:
/// docs/lesion-measures.md). They describe the outline; they are not a diagnosis.
/// </summary>
/// <param name="AsymmetryMajorAxis">Share of the area left over when the lesion is folded about its major principal axis, 0 (symmetric) to 1.</param>
/// <param name="AsymmetryMinorAxis">The same about the minor principal axis.</param>
/// <param name="BorderIrregularity">Compactness index P²/(4πA): 1 for a circle, larger for elongated or ragged borders.</param>
/// <param name="Colours">The six dermoscopy colours with their shares of the lesion, in the rule's order.</param>
/// <param name="GreatestDiameterPixels">The greatest distance across the outline (maximum Feret diameter), in pixels of the upload.</param>
public sealed record LesionMeasures(
    double AsymmetryMajorAxis,
    double AsymmetryMinorAxis,
    double BorderIrregularity,
    IReadOnlyList<ColourShare> Colours,
    double GreatestDiameterPixels)
{
    /// <summary>How many of the six colours are present.</summary>
    public int ColourCount => Colours.Count(colour => colour.Present);
}
