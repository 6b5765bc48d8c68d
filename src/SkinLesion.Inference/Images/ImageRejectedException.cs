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

    /// <summary>Bytes that are neither PNG nor JPEG, named by what they look like where that is recognisable.</summary>
    internal static ImageRejectedException UnsupportedFormat(ReadOnlySpan<byte> data)
    {
        var detected = ImageFormatSniffer.DescribeRejected(data);
        var what = detected is null ? "an unrecognised format" : detected;
        return new ImageRejectedException(
            ImageRejectionReason.UnsupportedFormat,
            $"The file content is {what}, not an accepted image. Accepted formats: {ImageFormatSniffer.AcceptedFormatsText}; the format is read from the file's bytes, not its name or Content-Type.")
        {
            DetectedFormat = detected,
        };
    }

    /// <summary>A file that starts like PNG or JPEG but that a decoder cannot read.</summary>
    internal static ImageRejectedException Corrupt(AcceptedImageFormat format, Exception? inner) =>
        new(
            ImageRejectionReason.Corrupt,
            $"The file starts like a {(format == AcceptedImageFormat.Png ? "PNG" : "JPEG")} but cannot be decoded (corrupt or truncated). Re-export or re-upload the complete file.",
            inner);
}
