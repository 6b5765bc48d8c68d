using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using SkinLesion.Web.Auth;

namespace SkinLesion.Web.Api;

/// <summary>Signing out of the clinician's page; mapped only where the page signs in with OpenID Connect.</summary>
public static class AccountApi
{
    public const string SignOutPath = "/account/sign-out";

    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetRequiredService<AuthMode>().OpenIdConnect)
        {
            endpoints.MapPost(SignOutPath, SignOutAsync)
                .WithName("SignOut")
                .ExcludeFromDescription();
        }

        return endpoints;
    }

    /// <summary>Named handler for POST /account/sign-out: ends the page's session and the identity provider's.</summary>
    internal static async Task<Results<SignOutHttpResult, BadRequest>> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        // The header's form carries the antiforgery token: a cross-site post cannot sign a clinician out.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.BadRequest(); // a browser gets the error page (status-code pages)
        }

        return TypedResults.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [AuthSchemes.Cookies, AuthSchemes.OpenIdConnect]);
    }
}
