using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using SkinLesion.Web.Auth;
using SkinLesion.Web.Problems;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SkinLesion.Web.OpenApi;

/// <summary>
/// Marks each operation behind <see cref="AuthPolicies.Client"/> with the security schemes this deployment accepts
/// (<see cref="AcceptedSchemes"/>), so Swagger UI sends the key or token it was given there and a generated client
/// offers no credential the server would refuse, and documents its 401 and 403 problems. Where anonymous use is allowed
/// the operation also lists the empty requirement: a credential is optional.
/// </summary>
internal sealed class SecurityOperationFilter(AuthMode mode) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any(data => data.Policy == AuthPolicies.Client))
        {
            return;
        }

        // No scheme and no anonymous use (page sign-in only) leaves the list unset: an empty one would read "no credential needed".
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

        Document(operation, context, StatusCodes.Status401Unauthorized, "No credential, or one that is not valid (unknown API key; expired, foreign or forged token).",
            ApiExamples.Problem(401, ProblemTypes.Unauthorized, RefusalCatalogue.Unauthorized.Title, $"The API key in the {AuthSchemes.ApiKeyHeader} header is not recognised. Check the key your system sends, or ask the service's administrator whether it was replaced."));
        Document(operation, context, StatusCodes.Status403Forbidden, "A valid bearer token without the required scope or role.",
            ApiExamples.Problem(403, ProblemTypes.Forbidden, RefusalCatalogue.Forbidden.Title, "The bearer token is valid but does not carry the scope 'skinlesion.classify' that this service requires. Request a token with that scope."));
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
