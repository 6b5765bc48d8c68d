using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SkinLesion.Inference;

namespace SkinLesion.Web.Hosting;

/// <summary>The clinician's Razor Pages front end, its static assets and the model's figures.</summary>
public static class ClinicianPagesSetup
{
    public const string FiguresPath = "/model/figures";

    // Only the pages get this policy: Swagger UI ships inline script that it would block.
    // data: is the in-memory preview of the classified image, blob: the preview before upload.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob:; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplicationBuilder AddSkinLesionPages(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRazorPages(options => options.Conventions.ConfigureFilter(new SecurityHeadersFilter()));
        return builder;
    }

    public static WebApplication MapSkinLesionPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStaticFiles();
        app.MapGet(FiguresPath + "/{key}", GetFigure)
            .WithName("GetModelFigure")
            .ExcludeFromDescription();
        app.MapRazorPages();
        return app;
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
            || fileName != System.IO.Path.GetFileName(fileName)
            || !fileName.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.NotFound();
        }

        var directory = System.IO.Path.GetDirectoryName(model.Value.ResolveManifestPath())!;
        var path = System.IO.Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            return TypedResults.NotFound();
        }

        // The figures change only with the model, whose version is in the page's image URL query.
        context.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.PhysicalFile(path, "image/png");
    }

    private sealed class SecurityHeadersFilter : Microsoft.AspNetCore.Mvc.Filters.IResultFilter
    {
        public void OnResultExecuting(Microsoft.AspNetCore.Mvc.Filters.ResultExecutingContext context)
        {
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers[HeaderNames.XFrameOptions] = "DENY";
            headers["Referrer-Policy"] = "no-referrer";

            // A result page embeds the patient's image; it must not sit in any cache. These are the
            // values antiforgery insists on too, so it does not override them with a warning.
            headers.CacheControl = "no-cache, no-store";
            headers.Pragma = "no-cache";
        }

        public void OnResultExecuted(Microsoft.AspNetCore.Mvc.Filters.ResultExecutedContext context)
        {
        }
    }
}
