namespace SkinLesion.Web.Problems;

/// <summary>The Razor page that browsers get instead of problem details, and which requests get it.</summary>
public static class ErrorPage
{
    /// <summary>The Razor page that browsers get for unexpected failures and empty error responses.</summary>
    public const string Path = "/error";

    /// <summary>Its Razor Pages name (Pages/Error.cshtml), which conventions match on.</summary>
    internal const string ViewEnginePath = "/Error";

    /// <summary>A browser navigating the clinician's pages (not the API, health probes or Swagger).</summary>
    internal static bool IsWantedBy(HttpContext context)
    {
        if (IsMachinePath(context.Request.Path))
        {
            return false;
        }

        return context.Request.GetTypedHeaders().Accept.Any(accept =>
            accept.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The API, the health probes and Swagger: paths for programs, which always get problem details.</summary>
    internal static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/health") || path.StartsWithSegments("/swagger");
}
