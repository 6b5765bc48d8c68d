using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Auth;

/// <summary>
/// The 401 and 403 answers of every scheme: problem details with the stable types for programs, or only the status
/// for a browser on the clinician's pages, which status-code pages turn into the error page.
/// </summary>
internal static class AuthResponses
{
    public static Task ChallengeAsync(HttpContext context, string detail, IEnumerable<string> challenges)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(challenges);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        foreach (var challenge in challenges)
        {
            context.Response.Headers.Append(HeaderNames.WWWAuthenticate, challenge);
        }

        return WriteAsync(context, ApiProblems.Unauthorized(context, detail));
    }

    public static Task ForbidAsync(HttpContext context, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteAsync(context, ApiProblems.Forbidden(context, detail));
    }

    private static async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        if (ErrorPage.IsWantedBy(context))
        {
            return; // status-code pages render the error page
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem })
            .ConfigureAwait(false);
    }
}
