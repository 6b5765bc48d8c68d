using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SkinLesion.Inference;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Api;

public static class ModelApi
{
    public const string GetModelOperation = "GetModelCard";

    public static IEndpointRouteBuilder MapModelApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/v1/model", GetModelCard)
            .WithName(GetModelOperation)
            .WithTags("Model")
            .WithSummary("The model card: identity, labels, metrics, calibration, decision rule, intended use and limitations.")
            .Produces<ModelCardResponse>(StatusCodes.Status200OK);
        return endpoints;
    }

    /// <summary>Named handler for GET /api/v1/model.</summary>
    internal static Ok<ModelCardResponse> GetModelCard(
        ISkinLesionClassifier classifier,
        IOptions<UploadOptions> upload,
        IOptions<ImageOptions> limits) =>
        TypedResults.Ok(ModelCardResponse.From(classifier, upload.Value, limits.Value));
}

/// <summary>
/// The model card. Metrics, split, training and data come from the manifest as opaque JSON, so the
/// training side can extend them without a service release.
/// </summary>
public sealed record ModelCardResponse(
    string Name,
    string Version,
    string Sha256,
    DateTimeOffset? Created,
    string? Description,
    string File,
    long? SizeBytes,
    int? Opset,
    IReadOnlyList<ManifestLabel> Labels,
    ManifestInput Input,
    ManifestOutputs Outputs,
    ManifestCalibration Calibration,
    ManifestDecisionRule DecisionRule,
    ManifestThreshold MalignantThreshold,
    JsonElement? Metrics,
    JsonElement? Split,
    JsonElement? Training,
    JsonElement? Data,
    string? Licence,
    string? IntendedUse,
    IReadOnlyList<string> Limitations,
    JsonElement? Figures,
    ServingLimits Serving,
    string Disclaimer)
{
    public static ModelCardResponse From(ISkinLesionClassifier classifier, UploadOptions upload, ImageOptions limits)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        var manifest = classifier.Manifest;
        var model = classifier.Model;
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(limits);
        string? licence = manifest.Data is { ValueKind: JsonValueKind.Object } data
            && data.TryGetProperty("licence", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
        return new ModelCardResponse(
            model.Name, model.Version, model.Sha256, manifest.Created, manifest.Description, manifest.File, manifest.SizeBytes, manifest.Opset,
            manifest.Labels, manifest.Input, manifest.Outputs, manifest.Calibration, manifest.DecisionRule, manifest.MalignantThreshold,
            manifest.Metrics, manifest.Split, manifest.Training, manifest.Data, licence, manifest.IntendedUse, manifest.Limitations, manifest.Figures,
            new ServingLimits(["image/png", "image/jpeg"], upload.MaxBytes, limits.MaxPixels, limits.MinSide, classifier.JpegDecoder),
            ClassificationResponse.DisclaimerText);
    }
}

/// <summary>What the service accepts, so clients can check an image before uploading it.</summary>
public sealed record ServingLimits(IReadOnlyList<string> AcceptedFormats, long MaxUploadBytes, long MaxPixels, int MinSide, string JpegDecoder);
