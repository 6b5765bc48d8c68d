using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SkinLesion.Web.Pages;

/// <summary>
/// What a browser shows when a page request fails: the exception handler (500) and the status-code
/// pages (404 and other empty error responses) re-execute here for requests that want HTML, so a
/// clinician sees a page with the request id instead of a JSON problem. API clients keep ProblemDetails.
/// </summary>
[IgnoreAntiforgeryToken(Order = 2000)] // a re-executed form post carries the original form's token, or none
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }

    public string RequestId { get; private set; } = "";

    public string Heading => Status switch
    {
        StatusCodes.Status404NotFound => "Page not found",
        >= 500 => "Something went wrong on the server",
        _ => "The request could not be completed",
    };

    public string Explanation => Status switch
    {
        StatusCodes.Status404NotFound => "There is no page at this address. Use the links above to classify an image or to read about the model.",
        >= 500 => "The image was not assessed and nothing was stored. Try again; if it happens again, give your IT team the request id below.",
        _ => "The request was not processed and nothing was stored. Go back to the upload page and try again.",
    };

    public IActionResult OnGet(int? code) => Render(code);

    public IActionResult OnPost(int? code) => Render(code);

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
