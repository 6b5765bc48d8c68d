using SkinLesion.Cli.Data;

namespace SkinLesion.Cli.Calibration;

/// <summary>
/// Which labelled images count as malignant, as evaluate's headline sensitivity counts them: on the ISIC 2016 and 2017
/// sets melanoma (the only malignant class they label), on seven-class sets every class the manifest calls malignant.
/// </summary>
internal static class MalignantTruth
{
    public static bool IsMalignant(LabelledImage label, LabelFormat format, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(manifest);
        if (format is LabelFormat.Isic2017Part3 or LabelFormat.Isic2016Part3)
        {
            return label.Melanoma;
        }

        return manifest.Labels.FirstOrDefault(l => l.Code == label.Dx) is { } known
            ? known.Malignant
            : throw new CalibrationRefusedException($"The model's manifest has no class '{label.Dx}'; this command calibrates models with the HAM10000 classes.");
    }

    /// <summary>The definition in words, for the profile and the page.</summary>
    public static string Definition(LabelFormat format, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return format is LabelFormat.Isic2017Part3 or LabelFormat.Isic2016Part3
            ? "melanoma (the only malignant class the labels name)"
            : string.Join(", ", manifest.Labels.Where(l => l.Malignant).Select(l => l.Code)) + " (the model's malignant classes)";
    }
}
