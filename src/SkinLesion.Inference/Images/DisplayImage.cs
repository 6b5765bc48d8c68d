namespace SkinLesion.Inference.Images;

/// <summary>
/// The upload as a page shows it back (<see cref="ClassificationRequest.Display"/>): the file's own coded pixels without
/// its metadata (<see cref="DisplayCopy.WithoutMetadata"/>), or, for a JPEG or PNG larger than
/// <see cref="MaxSide"/> on its long side, an upright copy scaled to fit <see cref="MaxSide"/> x <see cref="MaxSide"/>.
/// </summary>
/// <param name="Bytes">The PNG or JPEG file to embed.</param>
/// <param name="Format">Its format.</param>
/// <param name="Width">The width a browser displays it at.</param>
/// <param name="Height">The height a browser displays it at.</param>
/// <param name="Downscaled">Whether it is a smaller copy, not the upload's own pixels.</param>
public sealed record DisplayImage(byte[] Bytes, AcceptedImageFormat Format, int Width, int Height, bool Downscaled)
{
    /// <summary>
    /// The longest side a page is sent: twice a wide result column's width, for high-density screens. A 24-megapixel
    /// camera JPEG of 8 MB made a page of 11 MB with the upload embedded; its copy at this size is a few hundred KB.
    /// </summary>
    public const int MaxSide = 2048;

    /// <summary>The upload's own coded pixels without the file's metadata, at its displayed size.</summary>
    public static DisplayImage AsUploaded(ReadOnlySpan<byte> image, ImageHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return new DisplayImage(DisplayCopy.WithoutMetadata(image, header), header.Format, header.DisplayedWidth, header.DisplayedHeight, Downscaled: false);
    }
}
