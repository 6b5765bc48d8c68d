using SkinLesion.Inference.Admission;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SkinLesion.Inference;
using SkinLesion.Web.Clinical;
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

    /// <summary>
    /// 400 invalid-clinical-data: <c>errors</c> keyed by field, as ASP.NET Core's validation problems are, and a detail
    /// that names each field. The messages may quote the values sent: they go back to the sender, never to a log.
    /// </summary>
    public static ProblemHttpResult From(HttpContext context, ClinicalDataRejectedException rejection)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rejection);
        var cause = RefusalCatalogue.InvalidClinicalData;
        var problem = new HttpValidationProblemDetails(rejection.Errors.ToDictionary(error => error.Key, error => error.Value, StringComparer.Ordinal))
        {
            Status = cause.Status,
            Type = cause.Type,
            Title = cause.Title,
            Detail = ClinicalDataDetail(rejection),
        };
        Enrich(problem, context);
        return TypedResults.Problem(problem);
    }

    /// <summary>Every field's message, then what happens next; the page shows the same messages beside the fields.</summary>
    public static string ClinicalDataDetail(ClinicalDataRejectedException rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return string.Join(" ", rejection.Errors.Values.SelectMany(messages => messages))
            + " The image was not classified. Correct or leave out each field named, and send the request again.";
    }

    /// <summary>The catch-all for faults that are ours; the detail never echoes exception text to the client.</summary>
    public static ProblemDetails InternalError(HttpContext context) =>
        Build(context, StatusCodes.Status500InternalServerError, ProblemTypes.InternalError, "Internal server error",
            $"The server failed to process the request. Quote request id {context?.TraceIdentifier} when reporting it.");

    /// <summary>503 with Retry-After: the request was not processed because the service is at capacity.</summary>
    public static ProblemHttpResult Busy(HttpContext context, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        SetRetryAfter(context.Response, retryAfter);
        return Create(context, RefusalCatalogue.Busy, BusyDetail(retryAfter));
    }

    /// <summary>
    /// For a refusal given before the upload is read (503 busy, 429): over HTTP/1.1 Kestrel would otherwise drain the
    /// unread body, up to 10 MB per refusal, to keep the connection alive, so a flood's refusals would cost as much
    /// reading as its admissions. Closing the connection after the answer costs the client a reconnect instead.
    /// </summary>
    public static void CloseInsteadOfDraining(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
        {
            context.Response.Headers.Connection = "close";
        }
    }

    /// <summary>What a clinician and an API client read on a 503: plain words and the number of seconds.</summary>
    public static string BusyDetail(TimeSpan retryAfter) =>
        $"The service is busy with other images, so this one was not processed (nothing was stored). Try again in {Seconds(RetryAfterSeconds(retryAfter))}.";

    /// <summary>429 with Retry-After: the client already holds its share of the inference line (<see cref="InferenceGate.MaxPlacesPerClient"/>).</summary>
    public static ProblemHttpResult ClientShareTaken(HttpContext context, long share, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        SetRetryAfter(context.Response, retryAfter);
        return Create(context, RefusalCatalogue.RateLimited, ClientShareDetail(share, retryAfter));
    }

    /// <summary>What a clinician and an API client read when their own requests in line are the most one client may have.</summary>
    public static string ClientShareDetail(long share, TimeSpan retryAfter) =>
        $"This client already has {share} requests being uploaded or waiting for the model, the most one client may have at once so that others keep a place; this one was not processed (nothing was stored). Wait for an answer before sending another, or try again in {Seconds(RetryAfterSeconds(retryAfter))}.";

    /// <summary>429 with Retry-After, for the rate limiter's rejection callback (no endpoint result to return).</summary>
    public static ProblemDetails RateLimited(HttpContext context, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        SetRetryAfter(context.Response, retryAfter);
        var cause = RefusalCatalogue.RateLimited;
        return Build(context, cause.Status, cause.Type, cause.Title,
            $"This client has sent more requests than its allowance; nothing was processed. Try again in {Seconds(RetryAfterSeconds(retryAfter))}, and spread requests out (or send them one at a time).");
    }

    /// <summary>408, for the request-timeout middleware: the request was abandoned before it completed.</summary>
    public static ProblemDetails RequestTimedOut(HttpContext context, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cause = RefusalCatalogue.RequestTimeout;
        return Build(context, cause.Status, cause.Type, cause.Title,
            $"The request did not complete within {timeout.TotalSeconds:0} seconds and was abandoned; nothing was stored. Retry on a faster connection, or send a smaller image.");
    }

    /// <summary>401, for the authentication handlers' challenges: no credential, or one that is not valid.</summary>
    public static ProblemDetails Unauthorized(HttpContext context, string detail) =>
        Build(context, RefusalCatalogue.Unauthorized.Status, RefusalCatalogue.Unauthorized.Type, RefusalCatalogue.Unauthorized.Title, detail);

    /// <summary>403, for the authentication handlers' forbid: a valid credential without the required scope or role.</summary>
    public static ProblemDetails Forbidden(HttpContext context, string detail) =>
        Build(context, RefusalCatalogue.Forbidden.Status, RefusalCatalogue.Forbidden.Type, RefusalCatalogue.Forbidden.Title, detail);

    /// <summary>How long a client waits after an audit-unavailable answer, as its detail ("in a minute") says.</summary>
    public static readonly TimeSpan AuditRetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>503 with Retry-After: the answer could not be written to the audit trail, so none is given.</summary>
    public static ProblemHttpResult AuditUnavailable(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SetRetryAfter(context.Response, AuditRetryAfter);
        return Create(context, RefusalCatalogue.AuditUnavailable, AuditUnavailableDetail);
    }

    /// <summary>What a clinician and an API client read when the answer was withheld because it could not be recorded.</summary>
    public const string AuditUnavailableDetail =
        "The answer to this request could not be written to the audit trail, so it is withheld: this service gives no answer it has not recorded. The image was not stored. Try again in a minute; if it keeps happening, the audit store is down: give your IT team the request id.";

    /// <summary>503 with Retry-After for a read of the audit trail that the store could not serve.</summary>
    public static ProblemHttpResult AuditUnreadable(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SetRetryAfter(context.Response, AuditRetryAfter);
        return Create(context, RefusalCatalogue.AuditUnavailable with { Title = "The audit trail cannot be read" },
            "The audit store cannot be read now. Try again in a minute; if it keeps happening, give your IT team the request id.");
    }

    /// <summary>404: no record has this request id (never recorded, purged under the retention policy, or mistyped).</summary>
    public static ProblemHttpResult AssessmentNotFound(HttpContext context, string requestId) =>
        TypedResults.Problem(Build(context, StatusCodes.Status404NotFound, ProblemTypes.AssessmentNotFound, "No assessment has this request id",
            $"No audit record that this client may read has request id '{requestId}'. Use the requestId of an answer given to this client (a client reads only its own records); records older than the retention period are purged."));

    /// <summary>
    /// 404 to a caller without a credential, or with one that names nobody, for every id: a record belongs to the client
    /// it answered, and such a caller is none. Which ids exist is not told either.
    /// </summary>
    public static ProblemHttpResult AssessmentNotReadableWithoutCredential(HttpContext context, string requestId) =>
        TypedResults.Problem(Build(context, StatusCodes.Status404NotFound, ProblemTypes.AssessmentNotFound, "No assessment has this request id",
            $"No audit record is returned to a caller without a credential that names a client, whatever its request id ('{requestId}'): a record is read only by the client it answered, and a request sent without an API key, token or sign-in, or with a token that names no subject, belongs to no client. The record is kept in the audit trail, which the hospital reads from its database."));

    /// <summary>400: the named query parameter cannot be used; <paramref name="detail"/> says why and what is accepted.</summary>
    public static ProblemHttpResult InvalidParameter(HttpContext context, string detail) =>
        Create(context, RefusalCatalogue.InvalidParameter, detail);

    /// <summary>409: the served model has no segmentation graph, so segment=true cannot be honoured.</summary>
    public static ProblemHttpResult SegmentationUnavailable(HttpContext context, string modelName, string modelVersion) =>
        Create(context, RefusalCatalogue.SegmentationUnavailable, SegmentationUnavailableDetail(modelName, modelVersion));

    /// <summary>What an API client and a clinician read when the outline was asked for and cannot be given.</summary>
    public static string SegmentationUnavailableDetail(string modelName, string modelVersion) =>
        $"The lesion outline and measures were asked for, but the served model {modelName} {modelVersion} ships no segmentation graph (its manifest has no 'segmentation' section). Nothing was processed. Ask without segment=true, or ask the operator to deploy a model with a segmentation graph.";

    /// <summary>"1 second", "30 seconds".</summary>
    public static string Seconds(int seconds) => seconds == 1 ? "1 second" : $"{seconds} seconds";

    /// <summary>Whole seconds, at least one: RFC 9110 Retry-After is an integer of seconds.</summary>
    public static int RetryAfterSeconds(TimeSpan retryAfter) => (int)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));

    /// <summary>The Retry-After header of a 429 or 503, in whole seconds; the page sets it as the API does.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan retryAfter) =>
        response.Headers.RetryAfter = RetryAfterSeconds(retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Adds what every problem carries (request id, instance), including those the framework writes.</summary>
    public static void Enrich(ProblemDetails problem, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(context);
        problem.Instance ??= context.Request.Path;
        problem.Extensions.TryAdd(RequestIdKey, context.TraceIdentifier);

        // The framework's own answers (an unknown path, a wrong method) come with RFC 9110's section links as their
        // type; clients switch on this service's types, so every problem carries one.
        if (problem.Type is null || !problem.Type.StartsWith(ProblemTypes.BaseUri, StringComparison.Ordinal))
        {
            int status = problem.Status ?? context.Response.StatusCode;
            problem.Type = ProblemTypes.ForFrameworkStatus(status);

            // Worded as this service's own problems are, with a detail that says what to change.
            switch (status)
            {
                case StatusCodes.Status404NotFound:
                    problem.Title = "Not found";
                    problem.Detail ??= $"Nothing is served at {context.Request.Path}. The API's paths are in its OpenAPI document, /swagger/v1/swagger.json.";
                    break;
                case StatusCodes.Status405MethodNotAllowed:
                    problem.Title = "Method not allowed";
                    problem.Detail ??= $"{context.Request.Path} does not take {context.Request.Method}; the Allow header lists the methods it takes.";
                    break;
            }
        }
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
