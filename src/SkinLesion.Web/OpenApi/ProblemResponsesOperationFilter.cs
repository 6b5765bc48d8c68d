using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using SkinLesion.Web.Problems;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SkinLesion.Web.OpenApi;

/// <summary>
/// What every API operation's answers share beyond its own responses: a 500 <c>internal-error</c> problem (any operation
/// can fault) and the Retry-After header of its 429 and 503 answers, which clients are told to wait by.
/// </summary>
internal sealed class ProblemResponsesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (!ErrorPage.IsMachinePath("/" + context.ApiDescription.RelativePath))
        {
            return;
        }

        if (ProblemResponse(operation, context, StatusCodes.Status500InternalServerError) is OpenApiResponse fault)
        {
            fault.Description = "An unexpected server fault (internal-error): nothing about the request is in the body but its requestId, to quote when reporting it.";
        }

        foreach (var status in new[] { "429", "503" })
        {
            if (operation.Responses is { } responses && responses.TryGetValue(status, out var found) && found is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Whole seconds to wait before retrying (RFC 9110).",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                };
            }
        }
    }

    /// <summary>The operation's response for <paramref name="status"/>, added as an application/problem+json ProblemDetails when it has none.</summary>
    internal static IOpenApiResponse ProblemResponse(OpenApiOperation operation, OperationFilterContext context, int status)
    {
        operation.Responses ??= [];
        string key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.Responses.TryGetValue(key, out var response))
        {
            response = new OpenApiResponse
            {
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository) },
                },
            };
            operation.Responses[key] = response;
        }

        return response;
    }
}
