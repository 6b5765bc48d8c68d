using System.ComponentModel.DataAnnotations;

namespace SkinLesion.Web.Admission;

/// <summary>
/// Each client's token bucket (configuration section SkinLesion:RateLimit). A client is its authenticated name
/// when it has one, otherwise its remote address. The bucket holds <see cref="TokenLimit"/> requests (a burst) and
/// refills <see cref="TokensPerPeriod"/> every <see cref="ReplenishmentPeriodSeconds"/>; health probes are exempt.
/// </summary>
public sealed class ClientRateLimitOptions
{
    public const string SectionName = "SkinLesion:RateLimit";

    /// <summary>The burst: two seconds of the sustained rate, for a batch system that sends in bursts.</summary>
    [Range(1, 1_000_000)]
    public int TokenLimit { get; set; } = 1000;

    /// <summary>
    /// Sustained requests per period: above what a 2-core server classifies (about 200-400 small images/s with model
    /// 2.2.0; one client sending one image at a time reached 218/s), so an integration running at full speed is held back
    /// by admission (503 when busy), not refused for its rate, and the limit bites on a runaway client (a retry loop, a
    /// scanner). Lower it where several systems share a server and each should get a share.
    /// </summary>
    [Range(1, 1_000_000)]
    public int TokensPerPeriod { get; set; } = 500;

    [Range(0.01, 3600)]
    public double ReplenishmentPeriodSeconds { get; set; } = 1;

    public TimeSpan ReplenishmentPeriod => TimeSpan.FromSeconds(ReplenishmentPeriodSeconds);
}
