using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SkinLesion.Inference;
using SkinLesion.Web.ModelCard;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Api;

public static class ModelApi
{
    public const string GetModelOperation = "GetModelCard";

    public static IEndpointRouteBuilder MapModelApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapMethods("/api/v1/model", ReadMethods.GetAndHead, GetModelCard)
            .WithName(GetModelOperation)
            .WithTags("Model")
            .WithSummary("The model card: identity, labels, metrics, calibration, decision rule, intended use and limitations.")
            .Produces<ModelCardResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    /// <summary>Named handler for GET /api/v1/model.</summary>
    internal static Ok<ModelCardResponse> GetModelCard(
        ISkinLesionClassifier classifier,
        IOptions<UploadOptions> upload,
        IOptions<ImageOptions> limits) =>
        TypedResults.Ok(ModelCardResponse.From(ModelFacts.From(classifier, upload.Value, limits.Value)));
}
