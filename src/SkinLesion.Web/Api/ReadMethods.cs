namespace SkinLesion.Web.Api;

/// <summary>
/// The methods every read-only endpoint takes: GET, and HEAD with it (RFC 9110 9.1 asks a general-purpose server for
/// both; uptime monitors and caches ask HEAD). Kestrel sends a HEAD answer's headers without the body.
/// </summary>
internal static class ReadMethods
{
    public static readonly IReadOnlyList<string> GetAndHead = [HttpMethods.Get, HttpMethods.Head];
}
