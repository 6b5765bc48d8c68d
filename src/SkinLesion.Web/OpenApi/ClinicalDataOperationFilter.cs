using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using SkinLesion.Web.Api;
using SkinLesion.Web.Clinical;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SkinLesion.Web.OpenApi;

/// <summary>
/// Documents the optional clinical fields on the classification operation, as query parameters and as multipart form
/// fields, with the values the loaded model's manifest accepts. Runs after <see cref="ExamplesOperationFilter"/>, which
/// writes the multipart schema these fields are added to. The handler reads the fields itself (ClinicalFields), so
/// they are described here rather than bound as parameters.
/// </summary>
internal sealed class ClinicalDataOperationFilter(ClinicalFields fields) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.OperationId != ClassificationApi.ClassifyOperation || !fields.Defined)
        {
            return;
        }

        operation.Parameters ??= [];
        foreach (var name in fields.Accepted)
        {
            var schema = Schema(name);
            schema.Description = Description(name, "a multipart form field");
            operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Required = false, Schema = schema, Description = schema.Description });
        }

        if (operation.RequestBody?.Content?.TryGetValue("multipart/form-data", out var multipart) == true
            && multipart.Schema is OpenApiSchema form && form.Properties is { } properties)
        {
            foreach (var name in fields.Accepted)
            {
                var schema = Schema(name);
                schema.Description = Description(name, "a query parameter");
                properties[name] = schema;
            }
        }
    }

    private OpenApiSchema Schema(string name) => name == ClinicalFieldNames.Age
        ? new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int32",
            Minimum = fields.Age!.Minimum.ToString(CultureInfo.InvariantCulture),
            Maximum = fields.Age.Maximum.ToString(CultureInfo.InvariantCulture),
        }
        : new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = [.. (name == ClinicalFieldNames.Sex ? fields.Sexes : fields.Sites).Select(value => (JsonNode)JsonValue.Create(value))],
        };

    private string Description(string name, string alsoAs)
    {
        string what = name switch
        {
            ClinicalFieldNames.Age => string.Create(CultureInfo.InvariantCulture, $"The patient's age in whole years, {fields.Age!.Minimum} to {fields.Age.Maximum} (no fraction)."),
            ClinicalFieldNames.Sex => $"The patient's sex: {fields.AcceptedText(name)} (letter case does not matter).",
            _ => $"The lesion's body site: {fields.AcceptedText(name)} (letter case does not matter; HAM10000's localization values with hyphens for spaces; leave it out for 'unknown').",
        };
        return $"{what} Optional; an empty value is the same as leaving it out. Also accepted as {alsoAs} of the same name; given in both places, it must have one value. {fields.Reason}";
    }
}
