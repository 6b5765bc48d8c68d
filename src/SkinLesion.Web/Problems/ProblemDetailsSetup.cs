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

    public static WebApplication UseSkinLesionProblemDetails(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>Last line of defence: anything unexpected is a 500 problem without internals in the body.</summary>
    private sealed partial class UnexpectedExceptionHandler(IProblemDetailsService problemDetails, ILogger<UnexpectedExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            LogUnexpected(logger, httpContext.TraceIdentifier, exception.GetType().FullName ?? exception.GetType().Name, exception);
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
