namespace SkinLesion.Inference.Images;

/// <summary>How many scans a JPEG may have, checked before either decoder sees the file.</summary>
internal static class JpegScanLimit
{
    /// <summary>
    /// A progressive camera or export JPEG has up to about 20 scans (libjpeg's default script 10); each scan makes the
    /// decoder walk the whole frame's coefficients again, so a small file of thousands of empty scans would hold an
    /// inference slot for minutes (libjpeg-turbo's own guard, TJFLAG_LIMITSCANS, stops at 500).
    /// </summary>
    internal const int MaxScans = 100;

    /// <summary>
    /// Every start-of-scan marker (FF DA) is counted, an EXIF thumbnail's and any in other metadata too (entropy-coded
    /// data escapes FF, so it holds none): an upper bound, which errs towards refusing only files far beyond what any
    /// camera writes.
    /// </summary>
    internal static void Check(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Count([(byte)0xFF, (byte)0xDA]) > MaxScans)
        {
            throw new ImageRejectedException(
                ImageRejectionReason.Corrupt,
                $"The JPEG file has more than {MaxScans} scans, the most accepted (camera and dermatoscope JPEGs have 1 to about 20). Re-export the image as an ordinary JPEG or PNG.");
        }
    }
}
