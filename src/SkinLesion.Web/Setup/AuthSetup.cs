using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SkinLesion.Web.Auth;
using SkinLesion.Web.Hosting;

namespace SkinLesion.Web.Setup;

/// <summary>
/// Who may call the service (docs/decisions/0014-authentication.md): API keys, bearer tokens and the page's
/// OpenID Connect sign-in, behind one default scheme that forwards each request to the scheme of its credential,
/// and the <see cref="AuthPolicies.Client"/> policy of the classification endpoints and the page.
/// </summary>
public static class AuthSetup
{
    /// <summary>The claim that names a token's or a signed-in user's caller: the subject, stable and unique at the identity provider.</summary>
    private const string SubjectClaim = "sub";

    public static WebApplicationBuilder AddSkinLesionAuthentication(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<AuthOptions>()
            .BindConfigurationStrictly(AuthOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();

        // Which schemes exist is decided here, from the same configuration the options bind: a handler for a
        // method that is not configured would fail on every request instead of at startup.
        var settings = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        var mode = AuthMode.From(settings, builder.Environment);
        services.AddSingleton(mode);
        services.AddSingleton<ApiKeyRegistry>();

        var authentication = services.AddAuthentication(AuthSchemes.Default)
            .AddPolicyScheme(AuthSchemes.Default, "SkinLesion", options => options.ForwardDefaultSelector = mode.SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, displayName: "API key", configureOptions: null);
        if (mode.Bearer)
        {
            AddBearer(authentication, settings.Bearer, mode);
        }

        if (mode.OpenIdConnect)
        {
            AddPageSignIn(authentication, settings.OpenIdConnect);
        }

        if (mode.Bearer || mode.OpenIdConnect)
        {
            services.AddHealthChecks().AddCheck<IdentityProviderHealthCheck>("identityProvider", tags: [HealthTags.Ready]);
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Client, policy => policy.AddRequirements(new ClientAccessRequirement(mode, settings.Bearer)));
        return builder;
    }

    /// <summary>
    /// Before the rate limiter, which partitions by the authenticated client's name (Setup/RateLimitSetup.cs); a
    /// caller with a wrong credential is then limited by its address like an anonymous one.
    /// </summary>
    public static WebApplication UseSkinLesionAuthentication(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        return app;
    }

    /// <summary>After routing (each endpoint's policy is known) and after the rate limiter, so refused credentials count against a bucket.</summary>
    public static WebApplication UseSkinLesionAuthorization(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthorization();
        return app;
    }

    private static void AddBearer(AuthenticationBuilder authentication, BearerAuthOptions bearer, AuthMode mode)
    {
        authentication.Services.AddSingleton(new BearerTokenEvents(mode, bearer));
        authentication.AddJwtBearer(AuthSchemes.Bearer, options =>
        {
            options.Authority = bearer.Authority;
            options.Audience = bearer.Audience;
            options.RequireHttpsMetadata = bearer.RequireHttpsMetadata;

            // Claims keep their JWT names (sub, scope, roles) instead of the legacy WS-Federation URIs.
            options.MapInboundClaims = false;
            options.TokenValidationParameters.NameClaimType = SubjectClaim;
            options.TokenValidationParameters.RoleClaimType = "roles";
            options.TokenValidationParameters.AuthenticationType = AuthSchemes.Bearer;
            options.EventsType = typeof(BearerTokenEvents);
        });
    }

    private static void AddPageSignIn(AuthenticationBuilder authentication, OpenIdConnectAuthOptions oidc)
    {
        authentication.AddCookie(AuthSchemes.Cookies, options =>
        {
            // __Host-: HTTPS only, this host only, the whole site; the session cookie carries the clinician's identity.
            options.Cookie.Name = "__Host-SkinLesion";
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.HttpOnly = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.ForwardChallenge = AuthSchemes.OpenIdConnect;
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        authentication.AddOpenIdConnect(AuthSchemes.OpenIdConnect, options =>
        {
            options.Authority = oidc.Authority;
            options.ClientId = oidc.ClientId;
            options.ClientSecret = oidc.ClientSecret;
            options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.UsePkce = true;
            options.SignInScheme = AuthSchemes.Cookies;
            // The id token is kept in the (encrypted) session cookie for sign-out's id_token_hint, which providers
            // such as Keycloak require before they honour the post-logout redirect.
            options.SaveTokens = true;
            options.MapInboundClaims = false;
            options.TokenValidationParameters.NameClaimType = SubjectClaim;
            options.TokenValidationParameters.AuthenticationType = AuthSchemes.OpenIdConnect;

            // A sign-in the user cancelled or the identity provider refused: the error page says sign-in is
            // required (status-code pages), instead of an unhandled exception's 500.
            options.Events.OnRemoteFailure = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }
}
