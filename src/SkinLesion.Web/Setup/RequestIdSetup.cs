using SkinLesion.Web.Hosting;

namespace SkinLesion.Web.Setup;

public static class RequestIdSetup
{
    /// <summary>Request ids unique across instances sharing an audit store (<see cref="RequestIdHttpContextFactory"/>).</summary>
    public static WebApplicationBuilder AddRequestIds(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IHttpContextFactory, RequestIdHttpContextFactory>();
        return builder;
    }
}
