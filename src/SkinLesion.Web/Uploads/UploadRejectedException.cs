namespace SkinLesion.Web.Uploads;

/// <summary>Why the HTTP request did not yield image bytes (before the bytes themselves are judged).</summary>
public enum UploadRejectionReason
{
    MissingImage,
    EmptyImage,
    TooLarge,
    UnsupportedContentType,
    MalformedRequest,
}

/// <summary>The request could not be turned into image bytes; the message is shown to the client.</summary>
public sealed class UploadRejectedException(UploadRejectionReason reason, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public UploadRejectionReason Reason { get; } = reason;
}
