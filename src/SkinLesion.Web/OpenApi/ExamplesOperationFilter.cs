using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using SkinLesion.Inference;
using SkinLesion.Web.Api;
using SkinLesion.Web.Problems;
using SkinLesion.Web.Uploads;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SkinLesion.Web.OpenApi;

/// <summary>Describes the two upload styles and attaches example responses to the classification operation.</summary>
internal sealed class ExamplesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.OperationId == ClassificationApi.ClassifyOperation)
        {
            var content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { ImageUploadReader.FieldName },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            [ImageUploadReader.FieldName] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "PNG or JPEG image." },
                        },
                    },
                },
            };
            foreach (var type in ImageUploadReader.RawBodyContentTypes)
            {
                content[type] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
            }

            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = $"The image: {ImageUploadReader.AcceptedContentTypesText}.",
                Content = content,
            };

            // The handler reads these as text to answer a bad value with its own problem type; clients see their real types.
            Describe(operation, ClassificationQuery.ExplainName, JsonSchemaType.Boolean, "true adds 'explanation': the class activation map of the reported class (PNG data URI, viridis colour map with legend, over the 200x150 image the model saw) and its bounding box (map >= 0.5 of its maximum). Off by default: it costs extra time.");
            Describe(operation, ClassificationQuery.SegmentName, JsonSchemaType.Boolean, "true adds 'lesion' to a classified or uncertain answer: the outline as a polygon in the upload's pixels after EXIF orientation, the area as a share of the image, asymmetry about two axes, border irregularity, dermoscopy colours and the greatest diameter; or found: false with the reason (empty-mask, mask-touches-border). Off by default: it costs extra time. 409 segmentation-unavailable when the served model has no segmentation graph.");
            Describe(operation, ClassificationQuery.ScaleName, JsonSchemaType.Number, "Only with segment=true: the image's scale in pixels per millimetre of skin (a number from 1 to 10,000, decimal point), so that the greatest diameter is also given in millimetres. 400 invalid-parameter otherwise.");

            SetExamples(operation, "200", "application/json", new Dictionary<string, (string Summary, string Json)>
            {
                [AssessmentStatusNames.Classified] = ("classified: a dermoscopic image the model is confident about", ApiExamples.Classified),
                [AssessmentStatusNames.Classified + "-segmented"] = ("classified, with ?segment=true&pixelsPerMillimetre=8: the lesion's outline (upload pixels) and measures", ApiExamples.Segmented),
                [AssessmentStatusNames.Uncertain] = ("uncertain: probabilities and verdict, with reasons to refer for specialist review", ApiExamples.Uncertain),
                [AssessmentStatusNames.Rejected] = ("rejected (not-dermoscopic): a photograph; the reason and what to upload instead, no diagnosis", ApiExamples.Rejected),
                [AssessmentStatusNames.Rejected + "-featureless"] = ("rejected (featureless-image): a blank image; no diagnosis", ApiExamples.RejectedFeatureless),
                [AssessmentStatusNames.Rejected + "-greyscale"] = ("rejected (greyscale-image): a dermoscopic image exported without colour; no diagnosis", ApiExamples.RejectedGreyscale),
            });
            SetExample(operation, "400", "application/problem+json", ApiExamples.Problem(400, ProblemTypes.MissingImage, "No image was uploaded", "The multipart request has no file in field 'image' (it has only the field(s) 'file'). Send the image as form field 'image'."));
            SetExample(operation, "409", "application/problem+json", ApiExamples.Problem(409, ProblemTypes.SegmentationUnavailable, RefusalCatalogue.SegmentationUnavailable.Title, ApiProblems.SegmentationUnavailableDetail("skin-lesion-mobilenetv2", "1.1.0")));
            SetExample(operation, "413", "application/problem+json", ApiExamples.Problem(413, ProblemTypes.PayloadTooLarge, "The upload is too large", "The request declares 31,457,280 bytes; images up to 10,485,760 bytes (10 MB) are accepted. Downscale or re-compress the image and retry."));
            SetExample(operation, "415", "application/problem+json", ApiExamples.Problem(415, ProblemTypes.UnsupportedMediaType, "Unsupported media type", "The file content is GIF, not an accepted image. Accepted formats: PNG (image/png) or JPEG (image/jpeg); the format is read from the file's bytes, not its name or Content-Type."));
            SetExample(operation, "422", "application/problem+json", ApiExamples.Problem(422, ProblemTypes.TooManyPixels, "The image has too many pixels", "The image is 20000x20000 = 400,000,000 pixels; at most 40,000,000 pixels are accepted. Downscale it (e.g. to 2000x1500) and retry."));
        }
    }

    private static void Describe(OpenApiOperation operation, string name, JsonSchemaType type, string description)
    {
        if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == name) is { } parameter)
        {
            parameter.Description = description;
            bool scale = name == ClassificationQuery.ScaleName;
            parameter.Schema = new OpenApiSchema
            {
                Type = type,
                Format = type == JsonSchemaType.Number ? "double" : null,
                Minimum = scale ? ClassificationQuery.MinimumScale.ToString(CultureInfo.InvariantCulture) : null,
                Maximum = scale ? ClassificationQuery.MaximumScale.ToString(CultureInfo.InvariantCulture) : null,
            };
        }
    }

    private static void SetExamples(OpenApiOperation operation, string status, string mediaType, Dictionary<string, (string Summary, string Json)> examples)
    {
        if (operation.Responses is null || !operation.Responses.TryGetValue(status, out var response) || response.Content is null
            || !response.Content.TryGetValue(mediaType, out var media))
        {
            return;
        }

        media.Examples = examples.ToDictionary(
            pair => pair.Key,
            pair => (IOpenApiExample)new OpenApiExample { Summary = pair.Value.Summary, Value = JsonNode.Parse(pair.Value.Json) });
    }

    private static void SetExample(OpenApiOperation operation, string status, string mediaType, string json)
    {
        if (operation.Responses is null || !operation.Responses.TryGetValue(status, out var response) || response.Content is null)
        {
            return;
        }

        if (!response.Content.TryGetValue(mediaType, out var media))
        {
            media = response.Content.Values.FirstOrDefault();
        }

        if (media is not null)
        {
            media.Example = JsonNode.Parse(json);
        }
    }
}
