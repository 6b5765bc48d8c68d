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

    /// <summary>The burst: a page load plus a handful of uploads, or a batch system's short burst.</summary>
    [Range(1, 1_000_000)]
    public int TokenLimit { get; set; } = 30;

    /// <summary>Sustained requests per period: above what 2 cores classify (about 60 small images/s), so it only bites on one client's flood.</summary>
    [Range(1, 1_000_000)]
    public int TokensPerPeriod { get; set; } = 10;

    [Range(0.01, 3600)]
    public double ReplenishmentPeriodSeconds { get; set; } = 1;

    public TimeSpan ReplenishmentPeriod => TimeSpan.FromSeconds(ReplenishmentPeriodSeconds);
}
