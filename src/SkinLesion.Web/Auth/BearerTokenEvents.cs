using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace SkinLesion.Web.Auth;

/// <summary>
/// The bearer scheme's 401 and 403 as problem details with the stable types, keeping RFC 6750's WWW-Authenticate
/// challenge. The detail says why a token failed (expired, wrong audience, ...) but never echoes the token.
/// </summary>
internal sealed class BearerTokenEvents(AuthMode mode, BearerAuthOptions bearer) : JwtBearerEvents
{
    public override Task Challenge(JwtBearerChallengeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.HandleResponse();
        if (context.AuthenticateFailure is null)
        {
            return AuthResponses.ChallengeAsync(context.HttpContext, mode.MissingCredentialDetail, mode.Challenges);
        }

        string challenge = $"Bearer error=\"invalid_token\", error_description=\"{ShortReason(context.AuthenticateFailure)}\"";
        return AuthResponses.ChallengeAsync(context.HttpContext, Describe(context.AuthenticateFailure), [challenge]);
    }

    public override Task Forbidden(ForbiddenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AuthResponses.ForbidAsync(context.HttpContext, ClientAccessRequirement.MissingScopeDetail(bearer));
    }

    private string Describe(Exception failure) => failure switch
    {
        SecurityTokenExpiredException expired => $"The bearer token expired at {expired.Expires:yyyy-MM-dd HH:mm:ss} UTC. Get a new token from the identity provider.",
        SecurityTokenNotYetValidException => "The bearer token is not valid yet (its 'nbf' time is in the future). Check the clocks of the client and the identity provider.",
        SecurityTokenInvalidAudienceException => $"The bearer token was not issued for this service: its audience is not '{bearer.Audience}'.",
        SecurityTokenInvalidIssuerException => "The bearer token was not issued by the identity provider this service trusts.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The bearer token's signature does not verify with the identity provider's signing keys.",
        SecurityTokenMalformedException => "The bearer token is not a well-formed JWT.",
        _ => "The bearer token is not valid.",
    };

    private static string ShortReason(Exception failure) => failure switch
    {
        SecurityTokenExpiredException => "The token expired",
        SecurityTokenInvalidAudienceException => "The audience is invalid",
        SecurityTokenInvalidIssuerException => "The issuer is invalid",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The signature is invalid",
        _ => "The token is invalid",
    };
}
