namespace SkinLesion.Inference.Images;

/// <summary>Why an image was refused. Each value maps to exactly one client-facing problem type.</summary>
public enum ImageRejectionReason
{
    /// <summary>No bytes at all.</summary>
    Empty,

    /// <summary>The bytes are not PNG or JPEG (whatever the file name or declared content type).</summary>
    UnsupportedFormat,

    /// <summary>The bytes start like PNG/JPEG but cannot be decoded (truncated, corrupt).</summary>
    Corrupt,

    /// <summary>Width x height exceeds the pixel cap.</summary>
    TooManyPixels,

    /// <summary>Width or height is below the minimum side.</summary>
    TooSmall,
}
