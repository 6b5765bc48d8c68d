using System.Text.Json;
using Microsoft.Extensions.Options;
using SkinLesion.Inference;

namespace SkinLesion.Web.Api;

/// <summary>The model's figures (PNG), for the model page; not part of the published API.</summary>
public static class ModelFiguresApi
{
    public const string FiguresPath = "/model/figures";

    public static IEndpointRouteBuilder MapModelFiguresApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapMethods(FiguresPath + "/{key}", ReadMethods.GetAndHead, GetFigure)
            .WithName("GetModelFigure")
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// Serves a figure named in the manifest's "figures" section from the model's own folder, so the
    /// page always shows the figures of the model that is loaded. Only listed PNG names are reachable.
    /// </summary>
    internal static IResult GetFigure(string key, ISkinLesionClassifier classifier, IOptions<ModelOptions> model, HttpContext context)
    {
        if (classifier.Manifest.Figures is not { ValueKind: JsonValueKind.Object } figures
            || !figures.TryGetProperty(key, out var value)
            || value.GetString() is not { } fileName
            || fileName != Path.GetFileName(fileName)
            || !fileName.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.NotFound();
        }

        var directory = Path.GetDirectoryName(model.Value.ResolveManifestPath())!;
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            return TypedResults.NotFound();
        }

        // The figures change only with the model, whose version is in the page's image URL query.
        context.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.PhysicalFile(path, "image/png");
    }
}
