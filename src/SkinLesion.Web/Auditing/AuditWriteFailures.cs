namespace SkinLesion.Web.Auditing;

/// <summary>
/// When a record last failed to be written, shared by the recorder (which sets it) and readiness (which reports it),
/// so readiness needs neither the recorder nor, through it, the model that may still be loading at startup.
/// </summary>
public sealed class AuditWriteFailures(TimeProvider time)
{
    // UTC ticks of the last failed write (0: none), read and written across requests without a lock.
    private long _lastFailureTicks;

    /// <summary>When the last record could not be written; null while none has failed.</summary>
    public DateTimeOffset? LastUtc => Interlocked.Read(ref _lastFailureTicks) is > 0 and var ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void Observe() => Interlocked.Exchange(ref _lastFailureTicks, time.GetUtcNow().UtcTicks);
}
