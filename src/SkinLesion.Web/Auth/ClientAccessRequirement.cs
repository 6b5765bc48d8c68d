using Microsoft.AspNetCore.Authorization;

namespace SkinLesion.Web.Auth;

/// <summary>
/// The rule behind <see cref="AuthPolicies.Client"/>, and its own handler. An authenticated caller passes, except a
/// bearer token without the configured scope or role (403). An anonymous caller passes only where anonymous use is
/// allowed and it presented no credential; otherwise it is challenged (401).
/// </summary>
internal sealed class ClientAccessRequirement(AuthMode mode, BearerAuthOptions bearer)
    : AuthorizationHandler<ClientAccessRequirement>, IAuthorizationRequirement
{
    /// <summary>Where a scope is: `scope` (RFC 9068, space-separated) or `scp` (Microsoft Entra ID, either form).</summary>
    private static readonly string[] ScopeClaims = ["scope", "scp"];

    /// <summary>Where a role is: `roles` (RFC 9068, Entra ID app roles) or `role`.</summary>
    private static readonly string[] RoleClaims = ["roles", "role"];

    /// <summary>The 403 detail for a bearer token without the scope or role.</summary>
    public static string MissingScopeDetail(BearerAuthOptions bearer)
    {
        ArgumentNullException.ThrowIfNull(bearer);
        return (bearer.RequiredScope, bearer.RequiredRole) switch
        {
            ({ Length: > 0 } scope, { Length: > 0 } role) => $"The bearer token is valid but carries neither the scope '{scope}' nor the role '{role}' that this service requires. Ask the identity provider's administrator to grant one.",
            ({ Length: > 0 } scope, _) => $"The bearer token is valid but does not carry the scope '{scope}' that this service requires. Request a token with that scope.",
            (_, { Length: > 0 } role) => $"The bearer token is valid but does not carry the role '{role}' that this service requires. Ask the identity provider's administrator to assign it.",
            _ => "The bearer token is valid but not permitted to use this endpoint.",
        };
    }

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ClientAccessRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (context.User.Identity is { IsAuthenticated: true } identity)
        {
            if (identity.AuthenticationType != AuthSchemes.Bearer || CarriesScopeOrRole(context.User.Claims))
            {
                context.Succeed(requirement);
            }
            else
            {
                context.Fail(new AuthorizationFailureReason(this, MissingScopeDetail(bearer)));
            }
        }
        else if (mode.AnonymousAllowed && !(context.Resource is HttpContext http && mode.CredentialPresented(http)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private bool CarriesScopeOrRole(IEnumerable<System.Security.Claims.Claim> claims)
    {
        if (!bearer.HasRequirement)
        {
            return true;
        }

        // A claim holds one value or several separated by spaces; an array claim arrives as several claims.
        var values = claims.ToLookup(claim => claim.Type, claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        bool Has(string[] types, string? wanted) =>
            !string.IsNullOrWhiteSpace(wanted) && types.Any(type => values[type].Any(parts => parts.Contains(wanted, StringComparer.Ordinal)));
        return Has(ScopeClaims, bearer.RequiredScope) || Has(RoleClaims, bearer.RequiredRole);
    }
}
