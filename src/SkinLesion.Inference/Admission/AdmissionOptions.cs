using System.ComponentModel.DataAnnotations;

namespace SkinLesion.Inference.Admission;

/// <summary>
/// How long a request may wait for an inference slot, how many may wait, and how many decoded pixels may be held
/// at once (configuration section SkinLesion:Admission). See docs/decisions/0011-admission-and-load-limits.md.
/// </summary>
public sealed class AdmissionOptions
{
    public const string SectionName = "SkinLesion:Admission";

    /// <summary>Requests waiting for a slot beyond those running; 0 means <see cref="QueuePerSlot"/> per inference slot.</summary>
    [Range(0, 100_000)]
    public int MaxQueueLength { get; set; }

    /// <summary>
    /// The longest a request waits for a slot before it is refused with 503 (and a request that would, by the
    /// measured service time, wait longer is refused at once). Short, because a client told to retry does better
    /// than one held in a line it cannot see.
    /// </summary>
    [Range(0.01, 600)]
    public double MaxQueueWaitSeconds { get; set; } = 2;

    /// <summary>
    /// Decoded pixels held at once across all requests, charged from the header before decoding. It must admit
    /// the largest accepted image (SkinLesion:Images:MaxPixels). The README derives the memory ceiling from it.
    /// </summary>
    [Range(1, 4_000_000_000)]
    public long MaxDecodedPixels { get; set; } = 60_000_000;

    /// <summary>Default waiting places per slot: about a second of waiting for large photographs on the reference box.</summary>
    public const int QueuePerSlot = 4;

    public int EffectiveMaxQueueLength(int slots) => MaxQueueLength > 0 ? MaxQueueLength : QueuePerSlot * slots;

    public TimeSpan MaxQueueWait => TimeSpan.FromSeconds(MaxQueueWaitSeconds);
}
