namespace SkinLesion.Web.Problems;

/// <summary>
/// The stable problem "type" URIs (RFC 9457). Clients switch on these, so they never change once
/// published; the base is the only place the host name appears.
/// </summary>
public static class ProblemTypes
{
    public const string BaseUri = "https://skinlesion.example/problems/";

    public const string MissingImage = BaseUri + "missing-image";
    public const string EmptyImage = BaseUri + "empty-image";
    public const string MalformedRequest = BaseUri + "malformed-request";
    public const string PayloadTooLarge = BaseUri + "payload-too-large";
    public const string UnsupportedMediaType = BaseUri + "unsupported-media-type";
    public const string CorruptImage = BaseUri + "corrupt-image";
    public const string TooManyPixels = BaseUri + "too-many-pixels";
    public const string ImageTooSmall = BaseUri + "image-too-small";
    public const string InvalidAntiforgeryToken = BaseUri + "invalid-antiforgery-token";
    public const string InternalError = BaseUri + "internal-error";
}
