using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Uploads;

// How a failed read becomes a refusal. Its details are the service's own words: the readers' exception messages can
// carry the client's bytes (a malformed header line), and what the client sent is quoted shortened.
public sealed partial class ImageUploadReader
{
    /// <summary>At most this many parts of one clinical field are read; more is a malformed request.</summary>
    internal const int MaxPartsPerField = 8;

    /// <summary>
    /// The one translation of a failed read into a refusal, for every way an upload is read. The request body, the
    /// multipart reader and the form reader report the same problems differently; a cap hit is a 413, anything else the
    /// client sent wrong is a malformed request, and a failure that is not the client's (null) stays unexpected.
    /// </summary>
    private static UploadRejectedException? ReadFailure(Exception exception, Reader reader, long maxBytes, long? declaredLength)
    {
        var unreadable = reader switch
        {
            Reader.Form => "The form could not be read",
            Reader.Multipart => "The multipart/form-data body could not be read",
            _ => "The request body could not be read",
        };
        return exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(maxBytes, null, exception),

            // Kestrel's minimum body data rate (SlowClientOptions) ends a trickling upload with a 408.
            BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } => new UploadRejectedException(
                UploadRejectionReason.TooSlow,
                "The upload arrived too slowly and was abandoned. Retry on a faster connection.",
                exception),

            // The form reader reports its per-file cap as InvalidDataException; a body longer than the
            // cap can only have failed for that reason.
            InvalidDataException when reader == Reader.Form && declaredLength > maxBytes => TooLarge(maxBytes, null, exception),
            InvalidDataException when reader == Reader.Form => Malformed($"{unreadable}.", exception),
            InvalidDataException when reader == Reader.Multipart => Malformed("The multipart/form-data body is malformed: its parts or their headers cannot be read.", exception),
            BadHttpRequestException => Malformed($"{unreadable}.", exception),

            // A body that ends before its closing boundary surfaces as a plain end-of-stream IOException.
            // A raw body has no boundary: Kestrel reports one cut short as BadHttpRequestException.
            IOException when reader != Reader.Body => Malformed($"{unreadable}.", exception),
            _ => null,
        };
    }

    // One image per request: a client that sends two would get one answer and might not notice which.
    private static UploadRejectedException SeveralImages() =>
        new(UploadRejectionReason.MalformedRequest,
            $"The form carries more than one part in the field '{FieldName}'; each request assesses one image. Send each image in a request of its own.");

    // The page's form is the page's own: a program posting something else there is pointed at the API, not at raw bodies.
    private static UploadRejectedException NotAForm(string contentType) =>
        new(UploadRejectionReason.UnsupportedContentType,
            $"Content-Type {ClientText.Quote(contentType)} is not the upload page's form, which is sent as multipart/form-data. Programs send images to the API, /api/v1/classifications.");

    private static UploadRejectedException Malformed(string message, Exception inner) =>
        new(UploadRejectionReason.MalformedRequest, message, inner);

    private static UploadRejectedException TooLarge(long maxBytes, long? declared, Exception? inner = null)
    {
        var size = declared is { } length ? $"The request declares {length:N0} bytes; " : "The upload is larger than allowed; ";
        return new UploadRejectedException(
            UploadRejectionReason.TooLarge,
            $"{size}images up to {maxBytes:N0} bytes ({maxBytes / (1024.0 * 1024.0):0.#} MB) are accepted. Downscale or re-compress the image and retry.",
            inner);
    }

    private static UploadRejectedException UnsupportedContentType(string contentType) =>
        new(
            UploadRejectionReason.UnsupportedContentType,
            $"Content-Type {ClientText.Quote(contentType)} is not accepted. Send {AcceptedContentTypesText}. Accepted image formats: PNG and JPEG.");

    /// <summary>What was reading the request when it failed: the raw body, the streamed multipart body, or the page's form.</summary>
    private enum Reader
    {
        Body,
        Multipart,
        Form,
    }
}
