using Microsoft.OpenApi;
using SkinLesion.Web.Auth;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SkinLesion.Web.OpenApi;

/// <summary>
/// Keeps in the description only the security schemes this deployment accepts: one that is described but not
/// configured (bearer tokens on a server with API keys only) would be offered by Swagger UI's Authorize dialog and by
/// generated clients, and every request made with it would be refused.
/// </summary>
internal sealed class AcceptedSchemesDocumentFilter(AuthMode mode) : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(swaggerDoc);
        if (swaggerDoc.Components?.SecuritySchemes is not { } schemes)
        {
            return;
        }

        var accepted = SecurityOperationFilter.AcceptedSchemes(mode).ToHashSet(StringComparer.Ordinal);
        foreach (var name in schemes.Keys.Where(name => !accepted.Contains(name)).ToList())
        {
            schemes.Remove(name);
        }
    }
}
