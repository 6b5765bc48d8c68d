using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Problems;

public static partial class ProblemDetailsSetup
{
    /// <summary>Problem details for every error response, and the request size limits that produce 413s.</summary>
    public static WebApplicationBuilder AddSkinLesionProblemDetails(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProblemDetails(options =>
            options.CustomizeProblemDetails = context => ApiProblems.Enrich(context.ProblemDetails, context.HttpContext));
        builder.Services.AddExceptionHandler<UnexpectedExceptionHandler>();

        builder.Services.AddOptions<UploadOptions>()
            .BindConfiguration(UploadOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ImageUploadReader>();

        // Three layers agree on one number: Kestrel stops reading past the cap (plus multipart
        // framing), form binding uses the same cap, and ImageUploadReader counts the bytes itself
        // (the in-memory test server has no Kestrel limits).
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<UploadOptions>>((kestrel, upload) => kestrel.Limits.MaxRequestBodySize = upload.Value.MaxRequestBodyBytes);
        builder.Services.AddOptions<FormOptions>()
            .Configure<IOptions<UploadOptions>>((form, upload) =>
            {
                form.MultipartBodyLengthLimit = upload.Value.MaxBytes;
                form.MemoryBufferThreshold = (int)Math.Min(int.MaxValue, upload.Value.MaxRequestBodyBytes);
            });
        return builder;
    }

    /// <summary>The Razor page that browsers get for unexpected failures and empty error responses.</summary>
    public const string ErrorPagePath = "/error";

    public static WebApplication UseSkinLesionProblemDetails(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // API clients get problem details; a browser asking for a page gets the error page, re-executed
        // in the same request so the request id it shows is the one in the logs.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = ErrorPagePath });
        app.UseWhen(WantsHtmlPage, page => page.UseStatusCodePagesWithReExecute(ErrorPagePath + "/{0}"));
        app.UseWhen(context => !WantsHtmlPage(context), api => api.UseStatusCodePages());

        // Routing runs after these handlers (instead of first, as WebApplication would place it), so a
        // request re-executed at the error page is routed to it.
        app.UseRouting();
        return app;
    }

    /// <summary>A browser navigating the clinician's pages (not the API, health probes or Swagger).</summary>
    internal static bool WantsHtmlPage(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/health") || path.StartsWithSegments("/swagger"))
        {
            return false;
        }

        return context.Request.GetTypedHeaders().Accept.Any(accept =>
            accept.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Last line of defence: anything unexpected is a 500 (problem or error page) without internals in the body.</summary>
    private sealed partial class UnexpectedExceptionHandler(IProblemDetailsService problemDetails, ILogger<UnexpectedExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            LogUnexpected(logger, httpContext.TraceIdentifier, exception.GetType().FullName ?? exception.GetType().Name, exception);
            if (WantsHtmlPage(httpContext))
            {
                return false; // the middleware re-executes the error page
            }

            var problem = ApiProblems.InternalError(httpContext);
            httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = problem,
                Exception = exception,
            }).ConfigureAwait(false);
        }

        [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} for request {RequestId}")]
        private static partial void LogUnexpected(ILogger logger, string requestId, string exceptionType, Exception exception);
    }
}
