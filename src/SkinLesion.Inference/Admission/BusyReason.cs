namespace SkinLesion.Inference.Admission;

/// <summary>Why a request was refused for load rather than for its content.</summary>
public enum BusyReason
{
    /// <summary>Every waiting place is taken.</summary>
    QueueFull,

    /// <summary>The wait for a slot reached its limit, or would have by the measured service time.</summary>
    WaitTooLong,

    /// <summary>The classifier is being disposed (the service is stopping): another instance, or this one restarted, can answer.</summary>
    ShuttingDown,
}
