using SkinLesion.Inference;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Problems;

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
    public static readonly RefusalCause CorruptImage = new(StatusCodes.Status422UnprocessableEntity, ProblemTypes.CorruptImage, "The image cannot be decoded", "The image cannot be read");
    public static readonly RefusalCause TooManyPixels = new(StatusCodes.Status422UnprocessableEntity, ProblemTypes.TooManyPixels, "The image has too many pixels", "The image has too many pixels");
    public static readonly RefusalCause ImageTooSmall = new(StatusCodes.Status422UnprocessableEntity, ProblemTypes.ImageTooSmall, "The image is too small", "The image is too small to classify");

    // Refusals for load and for slow clients: the request was not judged at all, so retrying is the remedy.
    public static readonly RefusalCause Busy = new(StatusCodes.Status503ServiceUnavailable, ProblemTypes.ServiceBusy, "The service is busy", "The service is busy");
    public static readonly RefusalCause RateLimited = new(StatusCodes.Status429TooManyRequests, ProblemTypes.TooManyRequests, "Too many requests", "Too many requests from this computer");
    public static readonly RefusalCause RequestTimeout = new(StatusCodes.Status408RequestTimeout, ProblemTypes.RequestTimeout, "The request took too long", "The upload took too long");

    // Refusals for who the caller is: the request was not judged; the remedy is a valid credential.
    public static readonly RefusalCause Unauthorized = new(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Authentication required", "Sign-in required");
    public static readonly RefusalCause Forbidden = new(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Not permitted", "Not permitted to use this service");
    /// <summary>The answer was ready but could not be recorded in the audit trail, so it is withheld (no unrecorded answers).</summary>
    public static readonly RefusalCause AuditUnavailable = new(StatusCodes.Status503ServiceUnavailable, ProblemTypes.AuditUnavailable, "The answer could not be recorded", "The result could not be recorded");

    /// <summary>Clinical fields that cannot be used, refused before the image is classified (Clinical/ClinicalFields.cs).</summary>
    public static readonly RefusalCause InvalidClinicalData = new(StatusCodes.Status400BadRequest, ProblemTypes.InvalidClinicalData, "The clinical data is invalid", "Check the clinical details");

    /// <summary>A query parameter the operation cannot use (e.g. pixelsPerMillimetre outside 1 to 10,000); nothing was read or judged.</summary>
    public static readonly RefusalCause InvalidParameter = new(StatusCodes.Status400BadRequest, ProblemTypes.InvalidParameter, "A request parameter is invalid", "A request option is invalid");

    /// <summary>
    /// The lesion outline was asked for, but this deployment's model has no segmentation graph: a conflict with the state
    /// of the served model, not a fault, so not a 5xx (alerts count those). Nothing was read or judged.
    /// </summary>
    public static readonly RefusalCause SegmentationUnavailable = new(StatusCodes.Status409Conflict, ProblemTypes.SegmentationUnavailable, "Lesion segmentation is not available", "Outlining the lesion is not available");

    /// <summary>Only browser forms carry antiforgery tokens; the API is exempt (see ClassificationApi).</summary>
    public static readonly RefusalCause InvalidAntiforgeryToken = new(StatusCodes.Status400BadRequest, ProblemTypes.InvalidAntiforgeryToken, "The form token is missing or invalid", "The form has expired");

    private static readonly HashSet<RefusalCause> FileRefusals = [MissingImage, EmptyImage, TooLarge, UnsupportedMediaType, CorruptImage, TooManyPixels, ImageTooSmall];

    /// <summary>Whether the cause is the file itself (missing, empty, too large, not PNG or JPEG, unreadable, its size in pixels), not the request around it.</summary>
    public static bool ConcernsTheFile(RefusalCause cause) => FileRefusals.Contains(cause);

    public static RefusalCause For(UploadRejectionReason reason) => reason switch
    {
        UploadRejectionReason.MissingImage => MissingImage,
        UploadRejectionReason.EmptyImage => EmptyImage,
        UploadRejectionReason.TooLarge => TooLarge,
        UploadRejectionReason.UnsupportedContentType => UnsupportedMediaType,
        UploadRejectionReason.MalformedRequest => MalformedRequest,
        UploadRejectionReason.TooSlow => RequestTimeout,
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
