namespace SkinLesion.Inference.Admission;

/// <summary>The service is at capacity; the request was not processed and may be retried after <see cref="RetryAfter"/>.</summary>
public sealed class InferenceBusyException : Exception
{
    public InferenceBusyException(BusyReason reason, TimeSpan retryAfter, string message)
        : base(message)
    {
        Reason = reason;
        RetryAfter = retryAfter;
    }

    public BusyReason Reason { get; }

    /// <summary>When the line is expected to have drained, whole seconds, at least one.</summary>
    public TimeSpan RetryAfter { get; }
}
