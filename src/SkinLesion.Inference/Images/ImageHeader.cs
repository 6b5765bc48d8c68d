namespace SkinLesion.Inference.Images;

/// <summary>What the header says about an upload, learned without decoding any pixel.</summary>
public sealed record ImageHeader(AcceptedImageFormat Format, int Width, int Height)
{
    public long Pixels => (long)Width * Height;

    /// <summary>EXIF orientation (1-8; 1 = as stored), carried to JPEG pixels decoded outside ImageSharp.</summary>
    internal ushort Orientation { get; init; } = 1;
}
