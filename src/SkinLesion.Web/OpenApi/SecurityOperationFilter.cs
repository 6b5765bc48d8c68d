using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using SkinLesion.Web.Auth;
using SkinLesion.Web.Problems;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SkinLesion.Web.OpenApi;

/// <summary>
/// Marks each operation behind <see cref="AuthPolicies.Client"/> with the security schemes this deployment accepts
/// (<see cref="AcceptedSchemes"/>), so Swagger UI sends the key or token it was given there and a generated client
/// offers no credential the server would refuse, and documents its 401 problem (and 403 where bearer tokens are checked
/// for a configured scope or role). Where anonymous use is allowed the operation also lists the empty requirement: a
/// credential is optional. With page sign-in only, no program can authenticate, and the operation's description says so.
/// </summary>
internal sealed class SecurityOperationFilter(AuthMode mode, IOptions<AuthOptions> options) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any(data => data.Policy == AuthPolicies.Client))
        {
            return;
        }

        var requirements = AcceptedSchemes(mode)
            .Select(scheme => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] })
            .ToList();
        if (requirements.Count > 0 && mode.AnonymousAllowed)
        {
            requirements.Add(new OpenApiSecurityRequirement());
        }

        if (requirements.Count > 0)
        {
            operation.Security ??= [];
            requirements.ForEach(operation.Security.Add);
        }
        else if (!mode.AnonymousAllowed)
        {
            // Page sign-in only: OpenAPI cannot say "no credential a program can send", and an absent list reads as open,
            // so the operation says it in words; its 401 below is what every call gets.
            operation.Description = $"{operation.Description}\n\nThis deployment accepts no credential from programs (only the clinician's page signs in), so every call here is refused with 401 `unauthorized`.".TrimStart();
        }

        // Where anonymous use is allowed a missing credential is no 401; only one that is presented and not valid is.
        Document(operation, context, StatusCodes.Status401Unauthorized,
            mode.AnonymousAllowed ? "A credential that is presented but not valid (unknown API key; expired, foreign or forged token); a request without one is answered." : "No credential, or one that is not valid (unknown API key; expired, foreign or forged token).",
            ApiExamples.Problem(401, ProblemTypes.Unauthorized, RefusalCatalogue.Unauthorized.Title, mode.AnonymousAllowed ? ApiKeyAuthenticationHandler.UnknownKeyDetail : mode.MissingCredentialDetail));
        var bearer = options.Value.Bearer;
        if (mode.Bearer && bearer.HasRequirement)
        {
            // Only a bearer token is checked, and only for a configured scope or role; API keys and the page's sign-in are never 403 here.
            Document(operation, context, StatusCodes.Status403Forbidden, "A valid bearer token without the required scope or role.",
                ApiExamples.Problem(403, ProblemTypes.Forbidden, RefusalCatalogue.Forbidden.Title, ClientAccessRequirement.MissingScopeDetail(bearer)));
        }
        else
        {
            operation.Responses?.Remove(StatusCodes.Status403Forbidden.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The schemes a program can authenticate with here: API keys and bearer tokens, where configured.</summary>
    internal static IEnumerable<string> AcceptedSchemes(AuthMode mode)
    {
        if (mode.ApiKeys)
        {
            yield return AuthSchemes.ApiKey;
        }

        if (mode.Bearer)
        {
            yield return AuthSchemes.Bearer;
        }
    }

    private static void Document(OpenApiOperation operation, OperationFilterContext context, int status, string description, string example)
    {
        if (ProblemResponsesOperationFilter.ProblemResponse(operation, context, status) is OpenApiResponse editable)
        {
            editable.Description = description;
            if (editable.Content?.Values.FirstOrDefault() is { } media)
            {
                media.Example = JsonNode.Parse(example);
            }
        }
    }
}
