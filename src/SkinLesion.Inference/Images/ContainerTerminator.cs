namespace SkinLesion.Inference.Images;

/// <summary>The end of a PNG or JPEG container, checked before decoding so a truncated upload is refused, not guessed at.</summary>
internal static class ContainerTerminator
{
    /// <summary>
    /// Decoders are lenient with truncated files (they fill missing scan lines with grey), so the
    /// container's terminator is checked explicitly: a JPEG must have an end-of-image marker after its
    /// last start-of-scan, a PNG must have an IEND chunk.
    /// </summary>
    internal static void Check(AcceptedImageFormat format, ReadOnlySpan<byte> data)
    {
        if (format == AcceptedImageFormat.Png)
        {
            if (data.LastIndexOf("IEND"u8) < 8)
            {
                throw new ImageRejectedException(
                    ImageRejectionReason.Corrupt,
                    "The PNG file is truncated: it has no IEND chunk. Re-export or re-upload the complete file.");
            }

            return;
        }

        // Entropy-coded JPEG data escapes 0xFF, so FF DA / FF D9 only occur as real markers (an EXIF
        // thumbnail has its own pair, but it precedes the main image's scans).
        int lastStartOfScan = data.LastIndexOf([(byte)0xFF, (byte)0xDA]);
        int lastEndOfImage = data.LastIndexOf([(byte)0xFF, (byte)0xD9]);
        if (lastStartOfScan < 0 || lastEndOfImage < lastStartOfScan)
        {
            throw new ImageRejectedException(
                ImageRejectionReason.Corrupt,
                "The JPEG file is truncated: its image data has no end-of-image marker. Re-export or re-upload the complete file.");
        }
    }
}
