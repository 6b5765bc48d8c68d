namespace SkinLesion.Inference.Segmentation;

/// <summary>
/// What the segmentation found in one image. When <see cref="Found"/> is false there is no outline and no measure,
/// only <see cref="NotFoundReason"/>: nothing is invented. Coordinates are the upload's own pixels after EXIF
/// orientation (<see cref="ImageWidth"/> x <see cref="ImageHeight"/>), as a browser displays the file.
/// </summary>
public sealed record Lesion
{
    /// <summary>Whether a lesion was outlined; derived, so it cannot disagree with <see cref="NotFoundReason"/>.</summary>
    public bool Found => NotFoundReason is null;

    /// <summary>One of <see cref="LesionReasons"/> when nothing was outlined; null when a lesion was found.</summary>
    public string? NotFoundReason { get; init; }

    /// <summary>Width of the frame the outline is in: the upload after EXIF orientation.</summary>
    public required int ImageWidth { get; init; }

    /// <summary>Height of the frame the outline is in.</summary>
    public required int ImageHeight { get; init; }

    /// <summary>The share of the examined frame's border pixels the thresholded mask covers, 0 to 1.</summary>
    public required double BorderContact { get; init; }

    /// <summary>The lesion's outline, a closed polygon (the last vertex joins the first); empty when none was found.</summary>
    public IReadOnlyList<OutlinePoint> Outline { get; init; } = [];

    /// <summary>The lesion's area as a share of the whole upload (0 when none was found).</summary>
    public double AreaFraction { get; init; }

    /// <summary>The measures; null when no lesion was found.</summary>
    public LesionMeasures? Measures { get; init; }

    /// <summary>The segmentation model's version (manifest segmentation.version).</summary>
    public required string ModelVersion { get; init; }

    /// <summary>The probability a pixel needed to count as lesion.</summary>
    public required double Threshold { get; init; }
}
