namespace SkinLesion.Inference.Images;

/// <summary>
/// Decides the format from the leading bytes only. File names and declared content types are never
/// trusted: a .docx renamed to .jpg is still a ZIP container.
/// </summary>
internal static class ImageFormatSniffer
{
    internal const string AcceptedFormatsText = "PNG (image/png) or JPEG (image/jpeg)";

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    internal static AcceptedImageFormat? Detect(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith(PngSignature))
        {
            return AcceptedImageFormat.Png;
        }

        if (data.StartsWith(JpegSignature))
        {
            return AcceptedImageFormat.Jpeg;
        }

        return null;
    }

    /// <summary>
    /// Names common formats people upload by mistake so the 415 detail can say what was received.
    /// Only used for the message; anything not PNG/JPEG is refused regardless of this answer.
    /// </summary>
    internal static string? DescribeRejected(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith("GIF8"u8))
        {
            return "GIF";
        }

        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return "WebP";
        }

        if (data.StartsWith("BM"u8))
        {
            return "BMP";
        }

        if (data.StartsWith("II*\0"u8) || data.StartsWith("MM\0*"u8))
        {
            return "TIFF";
        }

        if (data.StartsWith("%PDF"u8))
        {
            return "PDF";
        }

        if (data.StartsWith("PK\u0003\u0004"u8))
        {
            return "ZIP container (e.g. .docx, .xlsx)";
        }

        if (data.Length >= 12 && data.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return "HEIF/AVIF/MP4 container";
        }

        var head = data[..Math.Min(data.Length, 512)];
        if (head.IndexOf("<svg"u8) >= 0 || head.IndexOf("<?xml"u8) >= 0)
        {
            return "SVG/XML";
        }

        return null;
    }
}
