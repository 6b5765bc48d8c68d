using System.ComponentModel.DataAnnotations;

namespace SkinLesion.Web.Admission;

/// <summary>
/// Limits that stop slow or stalled clients from holding connections and places in line (configuration section
/// SkinLesion:Clients). They go to Kestrel's limits and to the request-timeout policy of the classify endpoints.
/// </summary>
public sealed class SlowClientOptions
{
    public const string SectionName = "SkinLesion:Clients";

    /// <summary>Name of the request-timeout policy of POST /api/v1/classifications and the upload page.</summary>
    public const string ClassifyTimeoutPolicy = "classify";

    /// <summary>
    /// How much longer than the classify timeout a stopping host waits for requests in flight: time to record and send
    /// the answer of one that started just before the stop. An orchestrator's grace period must cover both.
    /// </summary>
    public const double ShutdownMarginSeconds = 5;

    /// <summary>
    /// Slowest accepted upload, bytes per second, averaged after the grace period (Kestrel's default is 240).
    /// 4 KB/s is far below any hospital network, yet ends a trickle of a few bytes a second within seconds.
    /// </summary>
    // Double bounds throughout: with whole-number bounds a value is rounded before the check, so 0.6 passed as 1.
    [Range(1d, 100_000_000d)]
    public double MinRequestBodyBytesPerSecond { get; set; } = 4096;

    /// <summary>How long an upload may start slowly before the minimum rate applies; Kestrel takes only more than 1 s.</summary>
    [Range(1d, 600d, MinimumIsExclusive = true, ErrorMessage = "MinRequestBodyGraceSeconds must be more than 1 and at most 600 (Kestrel checks the rate once a second).")]
    public double MinRequestBodyGraceSeconds { get; set; } = 5;

    /// <summary>Longest time to receive the request line and headers (Kestrel's default is 30 s).</summary>
    [Range(1d, 600d)]
    public double RequestHeadersTimeoutSeconds { get; set; } = 10;

    /// <summary>How long an idle kept-alive connection stays open (Kestrel's default is 130 s).</summary>
    [Range(1d, 3600d)]
    public double KeepAliveTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Longest time a classification request may take from its first byte, upload included: a 10 MB upload must
    /// arrive at about 175 KB/s. A request that runs out gets 408 and gives its place in line back.
    /// </summary>
    [Range(1d, 3600d)]
    public double ClassifyTimeoutSeconds { get; set; } = 60;
}
