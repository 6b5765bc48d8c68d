namespace SkinLesion.Inference.Model;

/// <summary>The graph outputs by role; only <see cref="Probabilities"/> is required.</summary>
/// <param name="Probabilities">The calibrated probabilities output.</param>
/// <param name="Logits">The logits output.</param>
/// <param name="Embedding">The embedding output, scored by the out-of-distribution artifact.</param>
/// <param name="Cam">The class activation maps output.</param>
/// <param name="EarlyStatistics">Per-channel statistics of early stages (training/skinlesion/early.py), scored by the out-of-distribution artifact's second check.</param>
public sealed record ManifestOutputs(
    string Probabilities, string? Logits = null, string? Embedding = null, string? Cam = null, string? EarlyStatistics = null);
