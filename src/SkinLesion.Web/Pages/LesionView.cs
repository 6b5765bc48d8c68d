using System.Globalization;
using System.Text;
using SkinLesion.Inference.Segmentation;
using SkinLesion.Web.Wording;

namespace SkinLesion.Web.Pages;

/// <summary>
/// The outlined lesion as the result page shows it: the outline as SVG polygon points in the upload's displayed frame
/// (drawn over the image, which the browser shows after EXIF orientation, as the outline's coordinates are), and the
/// four measures in words; or, when no lesion was outlined, why.
/// </summary>
public sealed record LesionView(
    bool Found,
    string? NotFoundMessage,
    string ViewBox,
    string PolygonPoints,
    string OutlineDescription,
    IReadOnlyList<LesionMeasureRow> Measures,
    string Note)
{
    public static LesionView From(Lesion lesion)
    {
        ArgumentNullException.ThrowIfNull(lesion);
        string viewBox = string.Create(CultureInfo.InvariantCulture, $"0 0 {lesion.ImageWidth} {lesion.ImageHeight}");
        if (lesion is not { Found: true, Measures: { } measures })
        {
            return new LesionView(false, LesionWording.NotFoundMessage(lesion.NotFoundReason!, lesion.BorderContact), viewBox, string.Empty, string.Empty, [], LesionWording.Note);
        }

        var points = new StringBuilder();
        foreach (var point in lesion.Outline)
        {
            points.Append(CultureInfo.InvariantCulture, $"{point.X:0.#},{point.Y:0.#} ");
        }

        var present = measures.Colours.Where(colour => colour.Present).Select(colour => colour.Name.ToLowerInvariant()).ToList();
        return new LesionView(
            true,
            null,
            viewBox,
            points.ToString().TrimEnd(),
            string.Create(CultureInfo.InvariantCulture, $"The outline the segmentation model drew around the lesion, over the uploaded image; it covers {lesion.AreaFraction * 100:0.#}% of the image."),
            [
                new("measure-asymmetry", "Asymmetry", string.Create(CultureInfo.InvariantCulture,
                    $"{measures.AsymmetryMajorAxis * 100:0}% about the long axis, {measures.AsymmetryMinorAxis * 100:0}% about the short axis"), LesionWording.AsymmetryExplanation),
                new("measure-border", "Border irregularity", string.Create(CultureInfo.InvariantCulture,
                    $"{measures.BorderIrregularity:0.00} (a circle is 1.00)"), LesionWording.BorderExplanation),
                new("measure-colours", "Colours", present.Count == 0
                    ? "none covers 5% of the lesion"
                    : string.Create(CultureInfo.InvariantCulture, $"{present.Count}: {string.Join(", ", present)}"), LesionWording.ColoursExplanation),
                new("measure-diameter", "Greatest diameter", string.Create(CultureInfo.InvariantCulture,
                    $"{measures.GreatestDiameterPixels:0} pixels of the uploaded image"), LesionWording.DiameterExplanation),
            ],
            LesionWording.Note);
    }
}
