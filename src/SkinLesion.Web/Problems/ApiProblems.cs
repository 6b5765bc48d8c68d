using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SkinLesion.Inference;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Problems;

/// <summary>
/// The one place where failures become RFC 9457 problem details: status, stable type URI, title and
/// an actionable detail per cause. Endpoints, the exception handler and the status-code pages all
/// come through here, so a cause always looks the same to clients.
/// </summary>
public static class ApiProblems
{
    public const string RequestIdKey = "requestId";

    public static ProblemHttpResult From(HttpContext context, UploadRejectedException rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return rejection.Reason switch
        {
            UploadRejectionReason.MissingImage => Create(context, StatusCodes.Status400BadRequest, ProblemTypes.MissingImage, "No image was uploaded", rejection.Message),
            UploadRejectionReason.EmptyImage => Create(context, StatusCodes.Status400BadRequest, ProblemTypes.EmptyImage, "The uploaded image is empty", rejection.Message),
            UploadRejectionReason.TooLarge => Create(context, StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "The upload is too large", rejection.Message),
            UploadRejectionReason.UnsupportedContentType => Create(context, StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "Unsupported media type", rejection.Message),
            UploadRejectionReason.MalformedRequest => Create(context, StatusCodes.Status400BadRequest, ProblemTypes.MalformedRequest, "The request is malformed", rejection.Message),
            _ => throw new ArgumentOutOfRangeException(nameof(rejection), rejection.Reason, "Unmapped upload rejection."),
        };
    }

    public static ProblemHttpResult From(HttpContext context, ImageRejectedException rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return rejection.Reason switch
        {
            ImageRejectionReason.Empty => Create(context, StatusCodes.Status400BadRequest, ProblemTypes.EmptyImage, "The uploaded image is empty", rejection.Message),
            ImageRejectionReason.UnsupportedFormat => Create(context, StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "Unsupported media type", rejection.Message),
            ImageRejectionReason.Corrupt => Create(context, StatusCodes.Status422UnprocessableEntity, ProblemTypes.CorruptImage, "The image cannot be decoded", rejection.Message),
            ImageRejectionReason.TooManyPixels => Create(context, StatusCodes.Status422UnprocessableEntity, ProblemTypes.TooManyPixels, "The image has too many pixels", rejection.Message),
            ImageRejectionReason.TooSmall => Create(context, StatusCodes.Status422UnprocessableEntity, ProblemTypes.ImageTooSmall, "The image is too small", rejection.Message),
            _ => throw new ArgumentOutOfRangeException(nameof(rejection), rejection.Reason, "Unmapped image rejection."),
        };
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

    private static ProblemHttpResult Create(HttpContext context, int status, string type, string title, string detail) =>
        TypedResults.Problem(Build(context, status, type, title, detail));

    private static ProblemDetails Build(HttpContext context, int status, string type, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        Enrich(problem, context);
        return problem;
    }
}
