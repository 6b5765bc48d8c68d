namespace SkinLesion.Tests.Shared.Fuzzing;

/// <summary>
/// One marker segment of a JPEG: where its 0xFF starts and how many bytes it spans (marker, length field and
/// body). A start-of-scan segment also spans the entropy-coded data after its header, up to the next marker.
/// </summary>
internal readonly record struct JpegSegment(byte Marker, int Start, int Length, int HeaderLength)
{
    public int End => Start + Length;

    /// <summary>Where the segment's body starts (after FF xx LL LL).</summary>
    public int BodyStart => Start + 4;

    public int BodyLength => HeaderLength - 4;
}

/// <summary>Finds the marker segments of a well-formed JPEG (the seeds), including every scan of a progressive one.</summary>
internal static class JpegSegments
{
    public const byte StartOfImage = 0xD8;
    public const byte EndOfImage = 0xD9;
    public const byte StartOfScan = 0xDA;
    public const byte HuffmanTable = 0xC4;
    public const byte QuantizationTable = 0xDB;
    public const byte RestartInterval = 0xDD;

    /// <summary>
    /// The JPEG with its frame header naming another coding process and sample precision (e.g. 0xC9, arithmetic, or 12
    /// bits): what a file of that kind looks like before any decoder reads its scan.
    /// </summary>
    public static byte[] WithFrame(byte[] jpeg, byte marker, byte precision)
    {
        var relabelled = jpeg.ToArray();
        var frame = Parse(relabelled).First(segment => IsStartOfFrame(segment.Marker));
        relabelled[frame.Start + 1] = marker;
        relabelled[frame.BodyStart] = precision;
        return relabelled;
    }

    public static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not HuffmanTable and not 0xC8 and not 0xCC;

    public static List<JpegSegment> Parse(ReadOnlySpan<byte> jpeg)
    {
        var segments = new List<JpegSegment>();
        int position = 2;
        while (position + 4 <= jpeg.Length && jpeg[position] == 0xFF)
        {
            byte marker = jpeg[position + 1];
            if (marker == EndOfImage)
            {
                break;
            }

            int headerLength = 2 + ((jpeg[position + 2] << 8) | jpeg[position + 3]);
            if (position + headerLength > jpeg.Length)
            {
                break;
            }

            int end = position + headerLength;
            if (marker == StartOfScan)
            {
                // Entropy-coded data: 0xFF is stuffed as FF 00, and restart markers FF D0-D7 belong to the scan.
                while (end + 1 < jpeg.Length && !(jpeg[end] == 0xFF && jpeg[end + 1] != 0x00 && jpeg[end + 1] is < 0xD0 or > 0xD7))
                {
                    end++;
                }
            }

            segments.Add(new JpegSegment(marker, position, end - position, headerLength));
            position = end;
        }

        return segments;
    }
}
