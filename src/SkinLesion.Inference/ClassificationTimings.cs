namespace SkinLesion.Inference;

/// <summary>Server-side durations in milliseconds. Decode includes reading the header; queue is the wait for a free inference slot.</summary>
public sealed record ClassificationTimings(double QueueMs, double DecodeMs, double PreprocessMs, double InferenceMs, double TotalMs)
{
    /// <summary>The texture, chroma and out-of-distribution checks after inference (included in <see cref="TotalMs"/>).</summary>
    public double ScreeningMs { get; init; }

    /// <summary>The segmentation graph, the outline and the measures (included in <see cref="TotalMs"/>); null when segmentation was not run.</summary>
    public double? SegmentationMs { get; init; }

    /// <summary>The page's copy of the upload (included in <see cref="TotalMs"/>); null when none was asked for.</summary>
    public double? DisplayMs { get; init; }
}
