using Microsoft.AspNetCore.Diagnostics;

namespace SkinLesion.Web.Problems;

/// <summary>Last line of defence: anything unexpected is a 500 (problem or error page) without internals in the body.</summary>
internal sealed partial class UnexpectedExceptionHandler(IProblemDetailsService problemDetails, ILogger<UnexpectedExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        LogUnexpected(logger, httpContext.TraceIdentifier, exception.GetType().FullName ?? exception.GetType().Name, exception);
        if (ErrorPage.IsWantedBy(httpContext))
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
