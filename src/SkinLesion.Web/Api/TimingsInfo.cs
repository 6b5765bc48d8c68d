using SkinLesion.Inference;

namespace SkinLesion.Web.Api;

/// <summary>Server-side milliseconds; totalMs covers queue + decode + preprocess + inference + screening (the texture and distance checks).</summary>
public sealed record TimingsInfo(double QueueMs, double DecodeMs, double PreprocessMs, double InferenceMs, double ScreeningMs, double TotalMs)
{
    /// <summary>As answered: to a hundredth of a millisecond (the audit trail records the same figures).</summary>
    public static TimingsInfo From(ClassificationTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        return new TimingsInfo(Round(timings.QueueMs), Round(timings.DecodeMs), Round(timings.PreprocessMs), Round(timings.InferenceMs), Round(timings.ScreeningMs), Round(timings.TotalMs));
    }

    private static double Round(double milliseconds) => Math.Round(milliseconds, 2);
}
