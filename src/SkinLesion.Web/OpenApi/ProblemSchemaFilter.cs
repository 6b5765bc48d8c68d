using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SkinLesion.Web.OpenApi;

/// <summary>
/// The fields every problem this service writes carries beyond RFC 9457's (Problems/ApiProblems.cs, ProblemJsonWriter):
/// the request id, which the audit trail and the logs use and which a client quotes; the trace id; and, for a 400 about
/// clinical fields, the errors by field. Without them a client generated from the document could not read them.
/// </summary>
internal sealed class ProblemSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Type != typeof(ProblemDetails) || schema is not OpenApiSchema problem)
        {
            return;
        }

        problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
        problem.Properties["requestId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The request's id, as the audit trail and the logs name it; quote it when reporting a problem.",
        };
        problem.Properties["traceId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The request's W3C trace context id, for a site's distributed tracing.",
        };
        problem.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Only in a 400 invalid-clinical-data: each field named, with what is wrong with it.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        problem.Required ??= new HashSet<string>();
        problem.Required.Add("type");
        problem.Required.Add("requestId");
    }
}
