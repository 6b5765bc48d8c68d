using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using SkinLesion.Inference;
using SkinLesion.Web.Api;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SkinLesion.Web.OpenApi;

/// <summary>Publishes the closed set of classification statuses as the schema's enum.</summary>
internal sealed class StatusSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type == typeof(ClassificationResponse)
            && schema.Properties?.TryGetValue("status", out var status) == true
            && status is OpenApiSchema statusSchema)
        {
            statusSchema.Enum = [.. AssessmentStatusNames.All.Select(name => (JsonNode)JsonValue.Create(name))];
        }
    }
}
