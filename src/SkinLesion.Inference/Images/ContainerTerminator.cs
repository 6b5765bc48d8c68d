namespace SkinLesion.Inference.Images;

/// <summary>The end of a PNG or JPEG container, checked before decoding so a truncated upload is refused, not guessed at.</summary>
internal static class ContainerTerminator
{
    /// <summary>
    /// Scans a JPEG may have. A progressive camera or export JPEG has up to about 20 (libjpeg's default script 10);
    /// each scan makes the decoder walk the whole frame's coefficients again, so a small file of thousands of empty
    /// scans would hold an inference slot for minutes (libjpeg-turbo's own guard, TJFLAG_LIMITSCANS, stops at 500).
    /// </summary>
    internal const int MaxJpegScans = 100;

    /// <summary>
    /// Decoders are lenient with truncated files (they fill missing scan lines with grey), so the
    /// container's terminator is checked explicitly: a JPEG must have an end-of-image marker after its
    /// last start-of-scan, a PNG must have an IEND chunk. A JPEG's scans are counted here too, before either decoder
    /// sees the file.
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

        if (CountStartOfScanMarkers(data) > MaxJpegScans)
        {
            throw new ImageRejectedException(
                ImageRejectionReason.Corrupt,
                $"The JPEG file has more than {MaxJpegScans} scans, the most accepted (camera and dermatoscope JPEGs have 1 to about 20). Re-export the image as an ordinary JPEG or PNG.");
        }
    }

    // Every FF DA is counted, an EXIF thumbnail's and any in other metadata too: an upper bound, which errs towards
    // refusing only files far beyond what any camera writes. Counting stops once the limit is passed.
    private static int CountStartOfScanMarkers(ReadOnlySpan<byte> data)
    {
        int count = 0;
        for (int at = data.IndexOf([(byte)0xFF, (byte)0xDA]); at >= 0 && count <= MaxJpegScans; count++)
        {
            int next = data[(at + 2)..].IndexOf([(byte)0xFF, (byte)0xDA]);
            at = next < 0 ? -1 : at + 2 + next;
        }

        return count;
    }
}
