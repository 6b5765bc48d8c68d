namespace SkinLesion.Inference.Segmentation;

/// <summary>Why no lesion was outlined: stable codes, returned to API clients.</summary>
public static class LesionReasons
{
    /// <summary>No pixel reached the threshold, or the largest region is smaller than <see cref="LesionAnalyzer.MinimumAreaShare"/> of the image.</summary>
    public const string EmptyMask = "empty-mask";

    /// <summary>The mask covers more than <see cref="LesionAnalyzer.MaximumBorderContact"/> of the examined frame's border: skin, a vignette or the whole field rather than a lesion.</summary>
    public const string TouchesBorder = "mask-touches-border";
}
