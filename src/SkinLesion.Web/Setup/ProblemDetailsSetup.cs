using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Setup;

public static class ProblemDetailsSetup
{
    /// <summary>Problem details for every error response, including those the framework writes, and the handler for unexpected exceptions.</summary>
    public static WebApplicationBuilder AddSkinLesionProblemDetails(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProblemDetails(options =>
            options.CustomizeProblemDetails = context => ApiProblems.Enrich(context.ProblemDetails, context.HttpContext));

        // After the framework's writer, so it answers only what that one declines (a request that accepts no JSON).
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        builder.Services.AddExceptionHandler<UnexpectedExceptionHandler>();
        return builder;
    }

    /// <summary>The exception handler and the status-code pages: problem details for API clients, the error page for browsers.</summary>
    public static WebApplication UseSkinLesionErrorHandling(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // API clients get problem details; a browser asking for a page gets the error page, re-executed
        // in the same request so the request id it shows is the one in the logs.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = ErrorPage.Path });
        app.UseWhen(ErrorPage.IsWantedBy, page => page.UseStatusCodePagesWithReExecute(ErrorPage.Path + "/{0}"));
        app.UseWhen(context => !ErrorPage.IsWantedBy(context), api => api.UseStatusCodePages());
        return app;
    }
}
