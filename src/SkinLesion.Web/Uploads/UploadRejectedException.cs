namespace SkinLesion.Web.Uploads;

/// <summary>The request could not be turned into image bytes; the message is shown to the client.</summary>
public sealed class UploadRejectedException(UploadRejectionReason reason, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public UploadRejectionReason Reason { get; } = reason;
}
