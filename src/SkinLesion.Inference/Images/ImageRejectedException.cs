namespace SkinLesion.Inference.Images;

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
    internal string? DetectedFormat { get; init; }

    /// <summary>Header dimensions when the refusal was about size.</summary>
    public int? Width { get; init; }

    public int? Height { get; init; }
}
