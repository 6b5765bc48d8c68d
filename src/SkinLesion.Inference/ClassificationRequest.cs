namespace SkinLesion.Inference;

/// <summary>What to compute beside the classification; each option costs time, so each is off unless asked for.</summary>
/// <param name="Explain">Render the class activation map of the reported class (<see cref="ClassificationResult.Explanation"/>).</param>
/// <param name="Segment">Outline the lesion and measure it (<see cref="ClassificationResult.Lesion"/>); needs a segmentation graph in the manifest.</param>
/// <param name="Display">Make the copy of the upload a page shows (<see cref="ClassificationResult.Display"/>), in the same slot, its pixels charged to the budget.</param>
public sealed record ClassificationRequest(bool Explain = false, bool Segment = false, bool Display = false)
{
    /// <summary>The classification alone.</summary>
    public static ClassificationRequest Plain { get; } = new();
}
