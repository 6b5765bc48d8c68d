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

    /// <summary>503: every inference slot and waiting place is taken, or the wait ran out; retry after Retry-After.</summary>
    public const string ServiceBusy = BaseUri + "service-busy";

    /// <summary>429: this client used up its request allowance; retry after Retry-After.</summary>
    public const string TooManyRequests = BaseUri + "too-many-requests";

    /// <summary>408: the request (its upload, usually) did not complete within the time allowed.</summary>
    public const string RequestTimeout = BaseUri + "request-timeout";

    /// <summary>401: the request has no credential this service accepts, or the one it has is not valid.</summary>
    public const string Unauthorized = BaseUri + "unauthorized";

    /// <summary>403: the caller is authenticated but its token lacks the required scope or role.</summary>
    public const string Forbidden = BaseUri + "forbidden";
    /// <summary>503: the answer could not be written to the audit trail, so it was withheld; or the trail cannot be read now.</summary>
    public const string AuditUnavailable = BaseUri + "audit-unavailable";

    /// <summary>404: no audit record has this request id.</summary>
    public const string AssessmentNotFound = BaseUri + "assessment-not-found";

    /// <summary>400: a clinical field (age, sex, site) this model does not accept, or a value it does not; <c>errors</c> names each field.</summary>
    public const string InvalidClinicalData = BaseUri + "invalid-clinical-data";

    /// <summary>400: a query parameter has a value the operation cannot use; the detail names the parameter.</summary>
    public const string InvalidParameter = BaseUri + "invalid-parameter";

    /// <summary>409: the lesion outline was asked for, but the loaded model ships no segmentation graph.</summary>
    public const string SegmentationUnavailable = BaseUri + "segmentation-unavailable";

    /// <summary>An address with no endpoint (the framework's 404), e.g. a mistyped API path.</summary>
    public const string NotFound = BaseUri + "not-found";

    /// <summary>An endpoint asked with a method it does not take (the framework's 405).</summary>
    public const string MethodNotAllowed = BaseUri + "method-not-allowed";

    /// <summary>A request the framework refuses as a whole (its bare 400), e.g. a sign-out post without its token.</summary>
    public const string BadRequest = BaseUri + "bad-request";

    /// <summary>
    /// The type of an error response that the framework writes without a cause of this service's (status-code pages):
    /// still under <see cref="BaseUri"/> and stable, by status.
    /// </summary>
    public static string ForFrameworkStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => BadRequest,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status500InternalServerError => InternalError,
        _ => BaseUri + "http-" + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
