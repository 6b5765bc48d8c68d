using System.Text.Json.Serialization;
using SkinLesion.Inference;

namespace SkinLesion.Web.Api;

/// <summary>
/// Server-side milliseconds; totalMs covers queue + decode + preprocess + inference + screening (the texture, chroma,
/// distance and head checks) and, with ?segment=true, the wait for the segmentation.
/// </summary>
public sealed record TimingsInfo(double QueueMs, double DecodeMs, double PreprocessMs, double InferenceMs, double ScreeningMs, double TotalMs)
{
    /// <summary>
    /// Only with ?segment=true: the segmentation graph, the outline and the measures. They run on a second thread beside
    /// the classification, so totalMs grows by less than this when a core is free.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? SegmentationMs { get; init; }

    /// <summary>As answered: to a hundredth of a millisecond (the audit trail records the same figures).</summary>
    public static TimingsInfo From(ClassificationTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        return new TimingsInfo(Round(timings.QueueMs), Round(timings.DecodeMs), Round(timings.PreprocessMs), Round(timings.InferenceMs), Round(timings.ScreeningMs), Round(timings.TotalMs))
        {
            SegmentationMs = timings.SegmentationMs is { } segmentation ? Round(segmentation) : null,
        };
    }

    private static double Round(double milliseconds) => Math.Round(milliseconds, 2);
}
