using System.Text.Json.Serialization;
using SkinLesion.Inference.Segmentation;
using SkinLesion.Web.Wording;

namespace SkinLesion.Web.Api;

/// <summary>
/// The lesion as the segmentation model outlined it, with ABCD-style measures of that outline; present only when the
/// request asked with ?segment=true, and never for a rejected image. When <c>found</c> is false there is only
/// <c>reason</c>: no outline and no measure is invented. Formulas and references: docs/lesion-measures.md.
/// </summary>
/// <param name="Found">Whether a lesion was outlined.</param>
/// <param name="Reason">Only when not found: why.</param>
/// <param name="ImageWidth">Width of the frame the outline is in: the upload after EXIF orientation, as a browser displays it.</param>
/// <param name="ImageHeight">Height of that frame.</param>
/// <param name="BorderContact">The share of the examined frame's edge pixels the segmentation marked as lesion, 0 to 1; above 0.5 nothing is outlined.</param>
/// <param name="Outline">Only when found: the outline, a closed polygon (the last vertex joins the first).</param>
/// <param name="AreaFraction">Only when found: the outlined area as a share of the whole upload.</param>
/// <param name="Asymmetry">Only when found: asymmetry about the two principal axes.</param>
/// <param name="BorderIrregularity">Only when found: the compactness index P²/(4πA), 1 for a circle, larger for irregular borders.</param>
/// <param name="Colours">Only when found: the dermoscopy colours in the lesion.</param>
/// <param name="GreatestDiameter">Only when found: the greatest distance across the outline.</param>
/// <param name="SegmentationVersion">The segmentation model's version.</param>
/// <param name="Threshold">The probability a pixel needed to count as lesion.</param>
/// <param name="Note">What the outline and measures are, and are not.</param>
public sealed record LesionInfo(
    bool Found,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LesionReasonInfo? Reason,
    int ImageWidth,
    int ImageHeight,
    double BorderContact,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OutlinePointInfo>? Outline,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? AreaFraction,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AsymmetryInfo? Asymmetry,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? BorderIrregularity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ColoursInfo? Colours,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DiameterInfo? GreatestDiameter,
    string SegmentationVersion,
    double Threshold,
    string Note)
{
    /// <summary>The lesion as answered: figures rounded to what they can carry (three decimals, a tenth of a pixel).</summary>
    /// <param name="lesion">What the segmentation found.</param>
    /// <param name="pixelsPerMillimetre">The request's scale; the diameter is also given in millimetres with it.</param>
    public static LesionInfo From(Lesion lesion, double? pixelsPerMillimetre)
    {
        ArgumentNullException.ThrowIfNull(lesion);
        var measures = lesion.Measures;
        return new LesionInfo(
            lesion.Found,
            lesion.NotFoundReason is { } code ? new LesionReasonInfo(code, LesionWording.NotFoundMessage(code, lesion.BorderContact)) : null,
            lesion.ImageWidth,
            lesion.ImageHeight,
            Math.Round(lesion.BorderContact, 3),
            lesion.Found ? [.. lesion.Outline.Select(point => new OutlinePointInfo(point.X, point.Y))] : null,
            lesion.Found ? Math.Round(lesion.AreaFraction, 4) : null,
            measures is null ? null : new AsymmetryInfo(Math.Round(measures.AsymmetryMajorAxis, 3), Math.Round(measures.AsymmetryMinorAxis, 3)),
            measures is null ? null : Math.Round(measures.BorderIrregularity, 3),
            measures is null ? null : new ColoursInfo(
                measures.ColourCount,
                [.. measures.Colours.Where(colour => colour.Present).Select(colour => colour.Code)],
                measures.Colours.ToDictionary(colour => colour.Code, colour => Math.Round(colour.Share, 3), StringComparer.Ordinal)),
            measures is null ? null : new DiameterInfo(
                Math.Round(measures.GreatestDiameterPixels, 1),
                pixelsPerMillimetre is { } scale ? Math.Round(measures.GreatestDiameterPixels / scale, 2) : null),
            lesion.ModelVersion,
            lesion.Threshold,
            LesionWording.Note);
    }
}
