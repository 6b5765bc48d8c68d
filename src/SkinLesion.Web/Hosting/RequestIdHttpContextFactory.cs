using Microsoft.AspNetCore.Http.Features;

namespace SkinLesion.Web.Hosting;

/// <summary>
/// Gives every request an id unique across instances and restarts: a version-7 UUID (a millisecond timestamp and 74
/// random bits). Kestrel's own, its connection id and a counter, are seeded from the clock at start, so replicas
/// started together share one audit store with ids that run into each other: an answer whose id another instance had
/// already recorded was withheld as audit-unavailable. Set as the context is created, before the host opens the
/// request's logging scope, so logs, problems, answers and audit records carry the same id.
/// </summary>
internal sealed class RequestIdHttpContextFactory(IServiceProvider services) : IHttpContextFactory
{
    private readonly DefaultHttpContextFactory _inner = new(services);

    public HttpContext Create(IFeatureCollection featureCollection)
    {
        var context = _inner.Create(featureCollection);
        context.TraceIdentifier = Guid.CreateVersion7().ToString();
        return context;
    }

    public void Dispose(HttpContext httpContext) => _inner.Dispose(httpContext);
}
