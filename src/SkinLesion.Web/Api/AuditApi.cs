using Microsoft.AspNetCore.Http.HttpResults;
using SkinLesion.Audit;
using SkinLesion.Web.Auth;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Api;

/// <summary>
/// The audit trail, read-only: one record by the requestId its answer carried, to the client that was answered. There is
/// no update or delete.
/// </summary>
public static partial class AuditApi
{
    public const string GetAssessmentOperation = "GetAssessmentRecord";

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapMethods("/api/v1/assessments/{requestId}", ReadMethods.GetAndHead, GetAssessmentAsync)
            .AddEndpointFilter<HealthDataHeadersFilter>()
            .WithName(GetAssessmentOperation)
            .WithTags("Audit")
            .WithSummary("The audit record of one answer, by the requestId the answer carried.")
            .WithDescription("Every answer about an upload to POST /api/v1/classifications and to the clinician's page (a result, or a refusal of the upload) is recorded before it is given: when, the client, the channel, "
                + "the SHA-256, format, size and byte count of the upload (never the image, its file name or metadata), the model, screening artifact and operating point (shipped or site), "
                + "and what was answered (status, reason codes, top class, the seven probabilities, verdict and timings; a refusal's HTTP status and problem type). "
                + "Only the client that was answered reads its record (the same name by the same kind of credential); another client gets the same 404 as for an id that does not exist, "
                + "so request ids, which are not secrets, reveal nothing. A caller without a credential (where anonymous use is allowed) reads no record, "
                + "since it is no client: it gets 404 for every id. The whole trail is read from its database (see the README's Audit trail). "
                + "404 (assessment-not-found) when no record has the id, e.g. after the retention period purged it. The trail is append-only: there is no way to change or delete a record through the service.")
            .Produces<AssessmentRecordResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireAuthorization(AuthPolicies.Client);
        return endpoints;
    }

    /// <summary>Named handler for GET /api/v1/assessments/{requestId}.</summary>
    internal static async Task<Results<Ok<AssessmentRecordResponse>, ProblemHttpResult>> GetAssessmentAsync(
        string requestId,
        HttpContext context,
        IAuditStore store,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        // A caller without a credential is no client, nor is one whose credential names nobody (a token without a
        // subject): each kind would share one owner, "anonymous", and read the others' diagnoses by walking request ids
        // (ADR 0053). Their records stay in the trail, read from its database.
        var caller = CallingClient.Of(context);
        if (!caller.IsNamed)
        {
            return ApiProblems.AssessmentNotReadableWithoutCredential(context, requestId);
        }

        try
        {
            // Request ids are not secrets (version-7 UUIDs: a timestamp and random bits): whose record it is decides, and a
            // stranger's record looks exactly like a missing one.
            return await store.FindAsync(requestId, cancellationToken) is { } record
                && string.Equals(record.Client, caller.Name, StringComparison.Ordinal)
                && string.Equals(record.ClientKind, caller.Kind, StringComparison.Ordinal)
                ? TypedResults.Ok(AssessmentRecordResponse.From(record))
                : ApiProblems.AssessmentNotFound(context, requestId);
        }
        catch (AuditStoreException ex)
        {
            // The answer asks the client to give IT the request id: the log line is where IT finds what failed.
            LogUnreadable(loggerFactory.CreateLogger(typeof(AuditApi).FullName!), context.TraceIdentifier, ex);
            return ApiProblems.AuditUnreadable(context);
        }
    }

    [LoggerMessage(EventId = 19, Level = LogLevel.Error, Message = "Could not read the audit trail for request {RequestId}; answered 503 audit-unavailable")]
    private static partial void LogUnreadable(ILogger logger, string requestId, Exception exception);
}
