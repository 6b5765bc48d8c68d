namespace SkinLesion.Inference.Admission;

/// <summary>A snapshot of the gate, for readiness and logs.</summary>
/// <param name="Slots">Inferences allowed at once.</param>
/// <param name="Running">Inferences running now.</param>
/// <param name="Waiting">Requests queued for a slot, or holding a place in line beyond the slots (whichever is more).</param>
/// <param name="MaxQueueLength">Waiting places.</param>
/// <param name="PixelsInUse">Decoded pixels charged to running inferences.</param>
/// <param name="PixelBudget">Decoded pixels allowed at once.</param>
/// <param name="AverageServiceTime">Moving average of how long a request holds a slot.</param>
public sealed record InferenceLoad(int Slots, int Running, int Waiting, int MaxQueueLength, long PixelsInUse, long PixelBudget, TimeSpan AverageServiceTime)
{
    /// <summary>How full the waiting line is, 0 to 1.</summary>
    public double QueueFraction => MaxQueueLength == 0 ? 0 : Math.Clamp((double)Waiting / MaxQueueLength, 0, 1);
}
