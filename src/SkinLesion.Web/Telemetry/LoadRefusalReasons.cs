using SkinLesion.Inference.Admission;

namespace SkinLesion.Web.Telemetry;

/// <summary>The reasons a request was shed for load, as the load refusals' "reason" tag.</summary>
public static class LoadRefusalReasons
{
    /// <summary>No place in line was free when the request arrived (503 before the upload was read).</summary>
    public const string LineFull = "line-full";

    /// <summary>The client already held its share of the line's places (429 before the upload was read).</summary>
    public const string ClientShare = "client-share";

    /// <summary>Every waiting place was taken when the decoded size was known.</summary>
    public const string QueueFull = "queue-full";

    /// <summary>The wait for a slot ran out, or would have by the measured service time.</summary>
    public const string WaitTooLong = "wait-too-long";

    /// <summary>The request reached, or waited in, the line while the service was stopping (503).</summary>
    public const string ShuttingDown = "shutting-down";

    /// <summary>The client's token bucket was empty (429).</summary>
    public const string RateLimited = "rate-limited";

    /// <summary>The reason of a place refused before the upload was read.</summary>
    public static string Of(PlaceRefusal refusal) => refusal switch
    {
        PlaceRefusal.ClientShare => ClientShare,
        PlaceRefusal.ShuttingDown => ShuttingDown,
        _ => LineFull,
    };
}
