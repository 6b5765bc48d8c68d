namespace SkinLesion.Inference;

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

/// <summary>
/// A typed domain error for input the classifier refuses. The message is safe to show to the client:
/// it never contains image content, file names or metadata.
/// </summary>
public sealed class ImageRejectedException : Exception
{
    public ImageRejectedException(ImageRejectionReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public ImageRejectionReason Reason { get; }

    /// <summary>What the bytes looked like when the format was refused (e.g. "GIF"), if recognisable.</summary>
    public string? DetectedFormat { get; init; }

    /// <summary>Header dimensions when the refusal was about size.</summary>
    public int? Width { get; init; }

    public int? Height { get; init; }
}

/// <summary>The model or its manifest cannot be used; thrown at startup so the service never runs half-loaded.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string path, string mismatch, Exception? innerException = null)
        : base($"Cannot load the skin-lesion model from '{path}': {mismatch}", innerException)
    {
        Path = path;
        Mismatch = mismatch;
    }

    public string Path { get; }

    public string Mismatch { get; }
}
