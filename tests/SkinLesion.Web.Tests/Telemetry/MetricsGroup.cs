namespace SkinLesion.Web.Tests.Telemetry;

/// <summary>
/// The tests that read counts from GET /metrics run alone, after the parallel tests, each on a host of its own. The
/// service's meter and ASP.NET Core's are created per host under the same names, and the OpenTelemetry SDK treats
/// instruments of one name as one stream: when another test's host is disposed, its meter's disposal ends that
/// stream in every host of the process, and a disposed host's meters can outlive its factory by a moment, so each test
/// first waits for them to go (HostMeters). One host per process (production) is not affected.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsGroup
{
    public const string Name = "Metrics, alone";
}
