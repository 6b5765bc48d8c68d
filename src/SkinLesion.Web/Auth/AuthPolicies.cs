namespace SkinLesion.Web.Auth;

/// <summary>The authorization policies endpoints name in <c>RequireAuthorization</c>.</summary>
public static class AuthPolicies
{
    /// <summary>
    /// Every classification and assessment endpoint, and the clinician's page: an authenticated caller (a bearer
    /// token also needs the configured scope or role); anonymous callers too where anonymous use is allowed
    /// (<see cref="AuthMode.AnonymousAllowed"/>), though a credential that is presented must still be valid.
    /// </summary>
    public const string Client = "skinlesion-client";
}
