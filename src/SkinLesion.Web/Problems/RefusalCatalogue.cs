using SkinLesion.Inference;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Problems;

/// <summary>
/// One refusal cause as both audiences see it: the API's status, problem type and title, and the
/// heading a clinician reads above the detail on the upload page.
/// </summary>
public sealed record RefusalCause(int Status, string Type, string Title, string Heading)
{
    /// <summary>The last segment of the problem type ("corrupt-image"), stable enough for markup and tests.</summary>
    public string Code => Type[ProblemTypes.BaseUri.Length..];
}

/// <summary>
/// The catalogue of every reason an upload is refused. The API (<see cref="ApiProblems"/>) and the
/// clinician's page both look causes up here, so a new cause cannot reach one and not the other.
/// </summary>
public static class RefusalCatalogue
{
    public static readonly RefusalCause MissingImage = new(StatusCodes.Status400BadRequest, ProblemTypes.MissingImage, "No image was uploaded", "No image was chosen");
    public static readonly RefusalCause EmptyImage = new(StatusCodes.Status400BadRequest, ProblemTypes.EmptyImage, "The uploaded image is empty", "The file is empty");
    public static readonly RefusalCause TooLarge = new(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "The upload is too large", "The file is too large");
    public static readonly RefusalCause UnsupportedMediaType = new(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "Unsupported media type", "This file is not a PNG or JPEG image");
    public static readonly RefusalCause MalformedRequest = new(StatusCodes.Status400BadRequest, ProblemTypes.MalformedRequest, "The request is malformed", "The upload did not arrive intact");
    public static readonly RefusalCause CorruptImage = new(StatusCodes.Status422UnprocessableEntity, ProblemTypes.CorruptImage, "The image cannot be decoded", "The image is damaged and cannot be read");
    public static readonly RefusalCause TooManyPixels = new(StatusCodes.Status422UnprocessableEntity, ProblemTypes.TooManyPixels, "The image has too many pixels", "The image has too many pixels");
    public static readonly RefusalCause ImageTooSmall = new(StatusCodes.Status422UnprocessableEntity, ProblemTypes.ImageTooSmall, "The image is too small", "The image is too small to classify");

    /// <summary>Only browser forms carry antiforgery tokens; the API is exempt (see ClassificationApi).</summary>
    public static readonly RefusalCause InvalidAntiforgeryToken = new(StatusCodes.Status400BadRequest, ProblemTypes.InvalidAntiforgeryToken, "The form token is missing or invalid", "The form has expired");

    public static RefusalCause For(UploadRejectionReason reason) => reason switch
    {
        UploadRejectionReason.MissingImage => MissingImage,
        UploadRejectionReason.EmptyImage => EmptyImage,
        UploadRejectionReason.TooLarge => TooLarge,
        UploadRejectionReason.UnsupportedContentType => UnsupportedMediaType,
        UploadRejectionReason.MalformedRequest => MalformedRequest,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unmapped upload rejection."),
    };

    public static RefusalCause For(ImageRejectionReason reason) => reason switch
    {
        ImageRejectionReason.Empty => EmptyImage,
        ImageRejectionReason.UnsupportedFormat => UnsupportedMediaType,
        ImageRejectionReason.Corrupt => CorruptImage,
        ImageRejectionReason.TooManyPixels => TooManyPixels,
        ImageRejectionReason.TooSmall => ImageTooSmall,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unmapped image rejection."),
    };
}

/// <summary>
/// One reason an image was not classified outright, as both audiences see it: the page shows <see cref="Heading"/>
/// and <see cref="Detail"/>, the API sends <see cref="Message"/> (an uncertain reason's message starts with the
/// referral, so it stands on its own in any client). <see cref="Advice"/>, for rejections only, says what to upload instead.
/// </summary>
public sealed record AssessmentNotice(string Code, AssessmentStatus Status, string Heading, string Detail, string Message, string? Advice);

/// <summary>
/// The wording of every <see cref="AssessmentReasons"/> code: rejected images (no diagnosis may be shown) and
/// uncertain ones (shown, with a referral). The API's <c>reason</c>/<c>reasons</c> and the clinician's page both
/// read it here, as they read <see cref="RefusalCatalogue"/> for refused uploads.
/// </summary>
public static class AssessmentCatalogue
{
    /// <summary>What an uncertain result tells the clinician to do: the page's notice heading, and how every uncertain reason's message starts.</summary>
    public const string UncertainHeading = "Uncertain — refer for specialist review";

    /// <summary>The page's heading for a rejected image.</summary>
    public const string RejectedHeading = "This image was not assessed";

    /// <summary>What to upload instead of a rejected image.</summary>
    public const string UploadAdvice =
        "Upload a dermoscopic close-up taken through a dermatoscope: the lesion centred and filling most of the frame, in focus, with no text, labels or screenshots of other software in the picture.";

    private const string FeaturelessDetail =
        "The image is almost featureless (blank, a single colour or a smooth gradient), so there is no lesion for the model to assess. No diagnosis is given.";

    private const string NotDermoscopicDetail =
        "The image is unlike the dermoscopic images the model was trained on: it may be an everyday or clinical photograph, a screenshot or a scanned document. The model's output would be meaningless, so no diagnosis is given.";

    public static readonly AssessmentNotice Featureless = new(
        AssessmentReasons.Featureless,
        AssessmentStatus.Rejected,
        "The image has no detail to assess",
        FeaturelessDetail,
        FeaturelessDetail,
        UploadAdvice);

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
        "The model is not confident in any one class",
        "The reported class's probability is below the minimum chosen on validation images, so the top class may well be wrong.",
        UncertainHeading + ": the model is not confident in any one class (the reported class's probability is below the minimum chosen on validation images).",
        null);

    public static readonly AssessmentNotice BorderlineMalignancy = new(
        AssessmentReasons.BorderlineMalignancy,
        AssessmentStatus.Uncertain,
        "The malignant probability is borderline",
        "It lies in the band near the threshold where the benign/malignant verdict is least reliable.",
        UncertainHeading + ": the malignant probability lies in the borderline band near the threshold, where the benign/malignant verdict is least reliable.",
        null);

    public static AssessmentNotice For(string reason) => reason switch
    {
        AssessmentReasons.Featureless => Featureless,
        AssessmentReasons.NotDermoscopic => NotDermoscopic,
        AssessmentReasons.LowConfidence => LowConfidence,
        AssessmentReasons.BorderlineMalignancy => BorderlineMalignancy,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unmapped assessment reason."),
    };
}
