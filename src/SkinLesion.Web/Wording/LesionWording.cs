using System.Globalization;
using SkinLesion.Inference.Segmentation;

namespace SkinLesion.Web.Wording;

/// <summary>
/// The words for the lesion outline and its measures, for the API's <c>lesion</c> and the clinician's page alike:
/// why nothing was outlined, what each measure means in plain language, and that none of it is a diagnosis.
/// Formulas and references: docs/lesion-measures.md.
/// </summary>
public static class LesionWording
{
    /// <summary>Carried by every lesion answer and shown beside the measures.</summary>
    public const string Note =
        "The outline is the segmentation model's estimate of the lesion; the measures describe that outline and the colours inside it. They are not a diagnosis and do not change the verdict: check them against your own reading.";

    public const string AsymmetryExplanation =
        "How much of the lesion is left over when it is folded in half along its long axis, and along its short axis: 0% is a perfect mirror image, more means more asymmetric. Asymmetry about one or both axes is the A of the ABCD rule.";

    public const string BorderExplanation =
        "How far the outline is from a circle of the same area: 1.00 is a circle, higher values mean an elongated, notched or ragged border (the B of the ABCD rule).";

    public const string ColoursExplanation =
        "Which of the six dermoscopy colours (white, red, light brown, dark brown, blue-grey, black) cover at least 5% of the lesion, judged by the nearest reference colour of each pixel. More colours is the C of the ABCD rule; lighting and the camera shift colours, so treat the count as approximate.";

    public const string DiameterExplanation =
        "The greatest distance across the outline. Millimetres need the image's scale (pixels per millimetre), which only the API takes; the clinical ABCD rule looks for more than 6 mm.";

    /// <summary>Why no lesion was outlined, in a sentence that says what was seen and what to do.</summary>
    public static string NotFoundMessage(string reason, double borderContact) => reason switch
    {
        LesionReasons.EmptyMask =>
            "No lesion was found: the segmentation model marked no region large enough to be a lesion, so no outline is drawn and nothing is measured. Check that the lesion is in the picture and in focus.",
        LesionReasons.TouchesBorder => string.Create(CultureInfo.InvariantCulture,
            $"No lesion was outlined: the region the segmentation model marked covers {borderContact * 100:0}% of the examined frame's edge (more than half), which is what skin, a dark vignette or a lesion larger than the picture looks like, not a lesion with a border of its own. Take a picture with the whole lesion and some skin around it."),
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown lesion reason code."),
    };
}
