namespace SkinLesion.Inference.Model;

/// <summary>What one pass of the graph returns for one image; embedding, early statistics and cam only when the manifest names them (cam only when asked).</summary>
internal sealed record GraphOutput(float[] Probabilities, float[]? Embedding, float[]? EarlyStatistics, CamOutput? Cam)
{
    /// <summary>
    /// Throws when a value is not a number: every comparison with NaN is false, so a NaN malignant probability would
    /// read as benign and a NaN screening score as accepted. The warm-up checks the graph once at startup; this checks
    /// every answer, so a fault in the runtime or the hardware fails the request instead of answering it.
    /// </summary>
    internal void ThrowIfNotFinite()
    {
        string? output = !AllFinite(Probabilities) || Probabilities.Any(p => p is < 0 or > 1) ? "probabilities"
            : !AllFinite(Embedding) ? "embedding"
            : !AllFinite(EarlyStatistics) ? "early statistics"
            : null;
        if (output is not null)
        {
            throw new InvalidOperationException($"The model's {output} output holds values that are not finite (or probabilities outside 0..1); no answer is given for this image.");
        }
    }

    private static bool AllFinite(float[]? values) => values is null || Array.TrueForAll(values, float.IsFinite);
}
