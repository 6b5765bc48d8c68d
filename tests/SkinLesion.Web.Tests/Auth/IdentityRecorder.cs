using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SkinLesion.Web.Tests.Auth;

/// <summary>
/// Reads <c>HttpContext.User</c> as the rest of the pipeline left it, around the whole application: what the audit
/// trail and the rate limiter see. It observes only; the request runs through the application unchanged.
/// </summary>
internal sealed class IdentityRecorder : IStartupFilter
{
    private readonly ConcurrentQueue<Seen> _seen = new();

    public IReadOnlyCollection<Seen> Requests => _seen;

    public void Register(IServiceCollection services) => services.AddSingleton<IStartupFilter>(this);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, following) =>
        {
            await following(context);
            var identity = context.User.Identity;
            _seen.Enqueue(new Seen(context.Request.Path, context.Response.StatusCode, identity?.IsAuthenticated ?? false, identity?.Name, identity?.AuthenticationType));
        });
        next(app);
    };

    public Seen Last(string path) => _seen.Last(seen => seen.Path == path);

    internal sealed record Seen(string Path, int Status, bool IsAuthenticated, string? Name, string? AuthenticationType);
}
