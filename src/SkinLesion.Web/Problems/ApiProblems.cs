using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SkinLesion.Inference;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Problems;

/// <summary>
/// The one place where failures become RFC 9457 problem details: status, stable type URI and title
/// from <see cref="RefusalCatalogue"/>, and an actionable detail per cause. Endpoints, the exception
/// handler and the status-code pages all come through here, so a cause always looks the same to clients.
/// </summary>
public static class ApiProblems
{
    public const string RequestIdKey = "requestId";

    public static ProblemHttpResult From(HttpContext context, UploadRejectedException rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return Create(context, RefusalCatalogue.For(rejection.Reason), rejection.Message);
    }

    public static ProblemHttpResult From(HttpContext context, ImageRejectedException rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return Create(context, RefusalCatalogue.For(rejection.Reason), rejection.Message);
    }

    /// <summary>The catch-all for faults that are ours; the detail never echoes exception text to the client.</summary>
    public static ProblemDetails InternalError(HttpContext context) =>
        Build(context, StatusCodes.Status500InternalServerError, ProblemTypes.InternalError, "Internal server error",
            $"The server failed to process the request. Quote request id {context?.TraceIdentifier} when reporting it.");

    /// <summary>Adds what every problem carries (request id, instance), including those the framework writes.</summary>
    public static void Enrich(ProblemDetails problem, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(context);
        problem.Instance ??= context.Request.Path;
        problem.Extensions.TryAdd(RequestIdKey, context.TraceIdentifier);
    }

    private static ProblemHttpResult Create(HttpContext context, RefusalCause cause, string detail) =>
        TypedResults.Problem(Build(context, cause.Status, cause.Type, cause.Title, detail));

    private static ProblemDetails Build(HttpContext context, int status, string type, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        Enrich(problem, context);
        return problem;
    }
}
