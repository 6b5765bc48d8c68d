using System.ComponentModel.DataAnnotations;

namespace SkinLesion.Web.Hosting;

/// <summary>
/// When readiness reports the inference line as saturated (configuration section SkinLesion:Readiness). Two
/// thresholds and a hold time give hysteresis: Degraded after the line has stayed at or above
/// <see cref="SaturatedQueueFraction"/> for <see cref="SustainSeconds"/>, Healthy again only after it has stayed at or
/// below <see cref="ClearedQueueFraction"/> as long, so a line hovering at one threshold does not flap.
/// </summary>
public sealed class ReadinessOptions : IValidatableObject
{
    public const string SectionName = "SkinLesion:Readiness";

    [Range(0.01, 1)]
    public double SaturatedQueueFraction { get; set; } = 0.75;

    [Range(0, 0.99)]
    public double ClearedQueueFraction { get; set; } = 0.25;

    // Double bounds: whole-number ones round the value before the check (-0.4 passed as 0).
    [Range(0d, 3600d)]
    public double SustainSeconds { get; set; } = 10;

    public TimeSpan Sustain => TimeSpan.FromSeconds(SustainSeconds);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ClearedQueueFraction >= SaturatedQueueFraction)
        {
            yield return new ValidationResult(
                $"{nameof(ClearedQueueFraction)} ({ClearedQueueFraction}) must be below {nameof(SaturatedQueueFraction)} ({SaturatedQueueFraction}), or readiness would flap.",
                [nameof(ClearedQueueFraction), nameof(SaturatedQueueFraction)]);
        }
    }
}
