using System.Globalization;
using System.Text;
using SkinLesion.Inference.Segmentation;

namespace SkinLesion.Cli.Evaluation;

/// <summary>segmentation.csv (evaluate --segment): the outline and measures of each scored image, and its agreement with the reference mask.</summary>
internal static class SegmentationCsv
{
    public const string FileName = "segmentation.csv";

    public static string Write(IReadOnlyList<SegmentedImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var text = new StringBuilder("image_id,label,malignant,status,outlined,reason,border_contact,dice,jaccard,area_fraction,asymmetry_major,asymmetry_minor,border_irregularity,colour_count,colours,greatest_diameter_px,outline_vertices\n");
        foreach (var image in images)
        {
            var scored = image.Image;
            var lesion = scored.Lesion;
            var measures = lesion?.Measures;
            text.AppendJoin(',',
                scored.Label.ImageId,
                scored.Label.Dx ?? (scored.Label.Melanoma ? "melanoma" : "other"),
                image.Malignant ? "1" : "0",
                scored.Assessment.StatusName,
                lesion is { Found: true } ? "1" : "0",
                lesion is null ? SegmentationCalculator.Rejected : lesion.NotFoundReason ?? string.Empty,
                Number(lesion?.BorderContact),
                Number(image.HasMask ? image.Dice : null),
                Number(image.HasMask ? image.Jaccard : null),
                Number(lesion is { Found: true } ? lesion.AreaFraction : null),
                Number(measures?.AsymmetryMajorAxis),
                Number(measures?.AsymmetryMinorAxis),
                Number(measures?.BorderIrregularity),
                measures?.ColourCount.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                measures is null ? string.Empty : string.Join(';', measures.Colours.Where(c => c.Present).Select(c => c.Code)),
                Number(measures?.GreatestDiameterPixels),
                lesion is { Found: true } ? lesion.Outline.Count.ToString(CultureInfo.InvariantCulture) : string.Empty);
            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Number(double? value) => value is { } v ? Math.Round(v, 4).ToString("R", CultureInfo.InvariantCulture) : string.Empty;
}
