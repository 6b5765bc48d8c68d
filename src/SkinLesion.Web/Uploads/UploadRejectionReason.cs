namespace SkinLesion.Web.Uploads;

/// <summary>Why the HTTP request did not yield image bytes (before the bytes themselves are judged).</summary>
public enum UploadRejectionReason
{
    MissingImage,
    EmptyImage,
    TooLarge,
    UnsupportedContentType,
    MalformedRequest,

    /// <summary>The body arrived slower than the minimum data rate (Kestrel gave up on it).</summary>
    TooSlow,
}
