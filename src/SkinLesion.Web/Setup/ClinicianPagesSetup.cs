using Microsoft.AspNetCore.Mvc;
using SkinLesion.Web.Api;
using SkinLesion.Web.Pages;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Setup;

/// <summary>The clinician's Razor Pages front end.</summary>
public static class ClinicianPagesSetup
{
    /// <summary>Where the model page links its figures; the route is mapped by <see cref="ModelFiguresApi"/>.</summary>
    public const string FiguresPath = ModelFiguresApi.FiguresPath;

    public static WebApplicationBuilder AddSkinLesionPages(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Type-activated: the policy names the page's identity provider, which AddSkinLesionAuthentication registers.
        builder.Services.AddRazorPages(options =>
        {
            options.Conventions.ConfigureFilter(new TypeFilterAttribute(typeof(SecurityHeadersFilter)) { IsReusable = true });
            options.Conventions.Add(new PageMethodsConvention(ErrorPage.ViewEnginePath));
        });
        return builder;
    }

    public static WebApplication MapSkinLesionPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapRazorPages();
        return app;
    }
}
