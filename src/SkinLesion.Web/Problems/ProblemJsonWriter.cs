using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace SkinLesion.Web.Problems;

/// <summary>
/// The last of the problem-details writers: application/problem+json whatever the request's Accept header asks for.
/// ASP.NET Core's own writer declines a request that accepts no JSON (Accept: application/xml, text/plain, image/png),
/// and then IProblemDetailsService.WriteAsync throws, so a 401, 429 or 408 written outside an endpoint became a 500, and
/// status-code pages fell back to plain text. The contract is problem details for every failure (README, "Errors"); a
/// client that cannot read them still gets the status code. Browsers on the pages never reach it: they get the error
/// page (<see cref="ErrorPage"/>).
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<JsonOptions> jsonOptions) : IProblemDetailsWriter
{
    private const string ContentType = "application/problem+json";

    private const string TraceIdKey = "traceId";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        var problem = context.ProblemDetails;
        problem.Status ??= response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);

        // The trace id the framework's own writer adds to the problems it writes (those for clients that accept JSON), so a
        // problem has the same fields whatever the request's Accept header.
        problem.Extensions.TryAdd(TraceIdKey, Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        // By the problem's own type, as the framework's writer does: a validation problem's 'errors' is not on ProblemDetails.
        return new ValueTask(response.WriteAsJsonAsync(problem, problem.GetType(), jsonOptions.Value.SerializerOptions, ContentType, context.HttpContext.RequestAborted));
    }
}
