namespace SkinLesion.Inference.Images;

/// <summary>
/// The main frame of a JPEG as its marker segments describe it, read before either decoder sees the file: which coding
/// process it uses (baseline, progressive, arithmetic, lossless), its sample precision, and whether its first scan holds
/// every component. Segments are walked by their lengths from SOI to the first SOS, so an EXIF thumbnail's markers,
/// inside an APP1 segment, are never taken for the image's.
/// </summary>
internal sealed record JpegFrame(byte Marker, int Precision, int Components, int FirstScanComponents)
{
    /// <summary>
    /// Whether libjpeg holds the whole frame's coefficients while decoding (jdcoefct.c's full buffer): a progressive frame,
    /// or one whose scans each carry only some components. That buffer is about 2 bytes per sample at full size, whatever
    /// scale the pixels are decoded at, so such a file is charged its full size in the admission gate.
    /// </summary>
    public bool BuffersEveryCoefficient => Marker is 0xC2 or 0xC6 or 0xCA or 0xCE || FirstScanComponents < Components;

    /// <summary>A coding process this service does not decode (arithmetic, lossless or hierarchical) or a precision other than 8 bits; null when none.</summary>
    public string? Unsupported => Marker switch
    {
        0xC9 or 0xCA or 0xCB or 0xCD or 0xCE or 0xCF => "arithmetic coding",
        0xC3 or 0xC7 => "lossless coding",
        0xC5 or 0xC6 => "hierarchical coding",
        _ => Precision != 8 ? $"{Precision}-bit samples" : null,
    };

    /// <summary>The frame, or null when the segments before the first scan cannot be walked (the decoders then judge the file).</summary>
    public static JpegFrame? Read(ReadOnlySpan<byte> jpeg)
    {
        (byte Marker, int Precision, int Components)? frame = null;
        var walk = new JpegSegmentWalk(jpeg);
        while (walk.MoveNext())
        {
            var body = walk.Body;
            if (IsStartOfFrame(walk.Marker) && frame is null && body.Length >= 6)
            {
                frame = (walk.Marker, body[0], body[5]);
            }
            else if (walk.Marker == 0xD9)
            {
                return null; // the end of an image without a scan: nothing after it is this frame's
            }
            else if (walk.Marker == 0xDA)
            {
                return frame is { } f && body.Length >= 1 ? new JpegFrame(f.Marker, f.Precision, f.Components, body[0]) : null;
            }
        }

        return null;
    }

    // SOF0-SOF15 but DHT (C4), JPG (C8) and DAC (CC), which share the range.
    private static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
}
