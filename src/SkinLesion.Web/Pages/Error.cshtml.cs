using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SkinLesion.Web.Auth;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Pages;

/// <summary>
/// What a browser shows when a page request fails: the exception handler (500) and the status-code
/// pages (404 and other empty error responses) re-execute here for requests that want HTML, so a
/// clinician sees a page with the request id instead of a JSON problem. API clients keep ProblemDetails.
/// </summary>
[IgnoreAntiforgeryToken(Order = 2000)] // a re-executed form post carries the original form's token, or none
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
[DisableRateLimiting] // it renders the 429 itself; limiting it would leave the browser a blank page
public sealed class ErrorModel(AuthMode auth) : PageModel
{
    public int Status { get; private set; }

    /// <summary>Whether people can sign in to the pages at all: with API keys or tokens alone, the upload page is a dead end.</summary>
    public bool PageSignInOffered => auth.OpenIdConnect;

    /// <summary>Whether the upload page is somewhere to go from here: not for a 401 where nobody can sign in to it.</summary>
    public bool OffersUploadPage => Status != StatusCodes.Status401Unauthorized || PageSignInOffered;

    public string RequestId { get; private set; } = "";

    public string Heading => Status switch
    {
        StatusCodes.Status401Unauthorized when PageSignInOffered => "Sign-in required",
        StatusCodes.Status401Unauthorized => "Not available in a browser",
        StatusCodes.Status403Forbidden => "Not permitted to use this service",
        StatusCodes.Status404NotFound => "Page not found",
        StatusCodes.Status405MethodNotAllowed => "This address does not take that kind of request",
        StatusCodes.Status429TooManyRequests => "Too many requests from this computer",
        StatusCodes.Status503ServiceUnavailable => "The service is busy",
        >= 500 => "Something went wrong on the server",
        _ => "The request could not be completed",
    };

    public string Explanation => Status switch
    {
        StatusCodes.Status401Unauthorized when PageSignInOffered => "This service is only for signed-in users, and you are not signed in, or the sign-in was cancelled or refused. Open the upload page to sign in again.",
        StatusCodes.Status401Unauthorized => "This service has no sign-in for people in a browser: it takes requests only from systems that send an API key or a token. Ask your IT team how to reach it.",
        StatusCodes.Status403Forbidden => "You are signed in, but your account is not permitted to use this service. Ask your IT team for access.",
        StatusCodes.Status404NotFound => "There is no page at this address. Use the links above to classify an image or to read about the model.",
        StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable =>
            $"The request was not processed and nothing was stored. Try again in {RetryAfterText}.",
        >= 500 => "The image was not assessed and nothing was stored. Try again; if it happens again, give your IT team the request id below.",
        _ => "The request was not processed and nothing was stored. Go back to the upload page and try again.",
    };

    /// <summary>The original response's Retry-After (kept through re-execution) in words, or 1 second.</summary>
    public string RetryAfterText => ApiProblems.Seconds(
        Response.Headers.RetryAfter is { Count: > 0 } retry && int.TryParse(retry.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int seconds) ? seconds : 1);

    public IActionResult OnGet(int? code) => Render(code);

    public IActionResult OnPost(int? code) => Render(code);

    // A re-executed PUT, DELETE or other method has no handler here, and Razor Pages would render the page without one
    // (no status, no request id); it gets the same page as GET and POST.
    public override void OnPageHandlerExecuting(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.HandlerMethod is null)
        {
            context.Result = Render(int.TryParse(context.RouteData.Values["code"]?.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int code) ? code : null);
        }
    }

    private PageResult Render(int? code)
    {
        // Re-executed from the exception handler: the status is already 500; from status-code pages: the route's code.
        var failed = HttpContext.Features.Get<IExceptionHandlerFeature>() is not null;
        Status = failed ? StatusCodes.Status500InternalServerError : code is >= 400 and <= 599 ? code.Value : StatusCodes.Status404NotFound;
        RequestId = HttpContext.TraceIdentifier;
        var page = Page();
        page.StatusCode = Status;
        return page;
    }
}
