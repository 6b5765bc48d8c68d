using SkinLesion.Inference;

namespace SkinLesion.Web.Wording;

/// <summary>
/// The wording of every <see cref="AssessmentReasons"/> code: rejected images (no diagnosis may be shown) and
/// uncertain ones (shown, with a referral). The API's <c>reason</c>/<c>reasons</c> and the clinician's page both
/// read it here, as they read <see cref="Problems.RefusalCatalogue"/> for refused uploads.
/// </summary>
public static class AssessmentCatalogue
{
    /// <summary>What an uncertain result tells the clinician to do: the page's notice heading, and how every uncertain reason's message starts.</summary>
    public const string UncertainHeading = "Uncertain — refer for specialist review";

    /// <summary>The page's heading for a rejected image.</summary>
    public const string RejectedHeading = "This image was not assessed";

    /// <summary>What to upload instead of a rejected image.</summary>
    public const string UploadAdvice =
        "Upload a dermoscopic close-up taken through a dermatoscope: the lesion centred and filling most of the frame, in focus, without bright reflections (use immersion fluid or polarised light), with no text, labels or screenshots of other software in the picture.";

    private const string FeaturelessDetail =
        "The image is almost featureless (blank, a single colour or a smooth gradient), so there is no lesion for the model to assess. No diagnosis is given.";

    private const string GreyscaleDetail =
        "The image has no colour (greyscale): the model assesses a lesion by the colours a dermatoscope records, so it cannot assess a black-and-white picture. No diagnosis is given.";

    private const string NotDermoscopicDetail =
        "The image is unlike the dermoscopic images the model was trained on: it may be an everyday or clinical photograph, a screenshot or a scanned document. The model's output would be meaningless, so no diagnosis is given.";

    public static readonly AssessmentNotice Featureless = new(
        AssessmentReasons.Featureless,
        AssessmentStatus.Rejected,
        "The image has no detail to assess",
        FeaturelessDetail,
        FeaturelessDetail,
        UploadAdvice);

    /// <summary>What to send instead of a greyscale image: the colour original, as the dermatoscope or its software saved it.</summary>
    public const string GreyscaleAdvice =
        "Upload a dermoscopic close-up in colour, as the dermatoscope or its capture software saved it; if it was exported, scanned or converted, check that the export keeps colour.";

    public static readonly AssessmentNotice Greyscale = new(
        AssessmentReasons.Greyscale,
        AssessmentStatus.Rejected,
        "The image has no colour",
        GreyscaleDetail,
        GreyscaleDetail,
        GreyscaleAdvice);

    public static readonly AssessmentNotice NotDermoscopic = new(
        AssessmentReasons.NotDermoscopic,
        AssessmentStatus.Rejected,
        "This does not look like a dermoscopic image",
        NotDermoscopicDetail,
        NotDermoscopicDetail,
        UploadAdvice);

    public static readonly AssessmentNotice LowConfidence = new(
        AssessmentReasons.LowConfidence,
        AssessmentStatus.Uncertain,
        "The top class has a low probability",
        "The top class has a probability below the minimum chosen on validation images, so it may well be wrong: read the other classes' bars too.",
        UncertainHeading + ": the top class's probability is below the minimum chosen on validation images, so the top class may well be wrong.",
        null);

    public static readonly AssessmentNotice BorderlineMalignancy = new(
        AssessmentReasons.BorderlineMalignancy,
        AssessmentStatus.Uncertain,
        "Malignant by the threshold, inside the uncertainty band",
        "The combined malignant probability is at or above the threshold, so the verdict is malignant, but below the upper end of the uncertainty band. The threshold is set low so that few malignant lesions are missed; in this band the verdict is the least reliable either way, so the lesion needs a specialist's look, whatever the probability.",
        UncertainHeading + ": the malignant probability is at or above the threshold but below the upper end of the uncertainty band, where the benign/malignant verdict is least reliable.",
        null);

    public static AssessmentNotice For(string reason) => reason switch
    {
        AssessmentReasons.Featureless => Featureless,
        AssessmentReasons.Greyscale => Greyscale,
        AssessmentReasons.NotDermoscopic => NotDermoscopic,
        AssessmentReasons.LowConfidence => LowConfidence,
        AssessmentReasons.BorderlineMalignancy => BorderlineMalignancy,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unmapped assessment reason."),
    };
}
