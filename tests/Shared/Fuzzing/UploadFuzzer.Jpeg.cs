using System.Buffers.Binary;

namespace SkinLesion.Tests.Shared.Fuzzing;

/// <summary>The fuzzer's JPEG mutations: marker segments (SOF, DHT, DQT, SOS, DRI, APPn) and the entropy-coded data.</summary>
internal sealed partial class UploadFuzzer
{
    private static byte[]? EditSegment(byte[] bytes, Func<JpegSegment, bool> select, Random random, Action<byte[], JpegSegment> edit)
    {
        var candidates = JpegSegments.Parse(bytes).Where(select).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var segment = candidates[random.Next(candidates.Count)];
        var copy = (byte[])bytes.Clone();
        edit(copy, segment);
        return copy;
    }

    private static byte[]? JpegForgedDimensions(Random random, byte[] bytes) =>
        EditSegment(bytes, s => JpegSegments.IsStartOfFrame(s.Marker) && s.BodyLength >= 5, random, (copy, sof) =>
        {
            int sides = random.Next(3);
            if (sides != 1)
            {
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(sof.BodyStart + 1), JpegDimensions[random.Next(JpegDimensions.Length)]);
            }

            if (sides != 0)
            {
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(sof.BodyStart + 3), JpegDimensions[random.Next(JpegDimensions.Length)]);
            }
        });

    private static byte[]? JpegFrameField(Random random, byte[] bytes) =>
        EditSegment(bytes, s => JpegSegments.IsStartOfFrame(s.Marker) && s.BodyLength >= 6, random, (copy, sof) =>
        {
            int body = sof.BodyStart;
            switch (random.Next(4))
            {
                case 0:
                    copy[body] = new byte[] { 0, 1, 2, 8, 12, 16, 255 }[random.Next(7)]; // precision
                    break;
                case 1:
                    copy[body + 5] = new byte[] { 0, 1, 2, 3, 4, 5, 255 }[random.Next(7)]; // component count
                    break;
                default:
                    // A component's id, sampling factors (H/V nibbles) or quantisation table selector.
                    int offset = 6 + random.Next(Math.Max(1, sof.BodyLength - 6));
                    if (offset < sof.BodyLength)
                    {
                        copy[body + offset] = random.Next(2) == 0 ? InterestingBytes[random.Next(InterestingBytes.Length)] : new byte[] { 0x00, 0x05, 0x44, 0x50, 0x0F, 0x11, 0x22, 0x41 }[random.Next(8)];
                    }

                    break;
            }
        });

    /// <summary>Baseline relabelled as extended, progressive, lossless, hierarchical or arithmetic (SOF0-SOF15).</summary>
    private static byte[]? JpegFrameMarkerType(Random random, byte[] bytes) =>
        EditSegment(bytes, s => JpegSegments.IsStartOfFrame(s.Marker), random, (copy, sof) =>
        {
            byte[] markers = [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF];
            copy[sof.Start + 1] = markers[random.Next(markers.Length)];
        });

    private static byte[]? JpegEditSegment(Random random, byte[] bytes, byte marker) =>
        EditSegment(bytes, s => s.Marker == marker && s.BodyLength > 0, random, (copy, segment) =>
        {
            int edits = random.Next(1, 5);
            for (int i = 0; i < edits; i++)
            {
                int at = segment.BodyStart + random.Next(segment.BodyLength);
                copy[at] = random.Next(2) == 0 ? InterestingBytes[random.Next(InterestingBytes.Length)] : (byte)random.Next(256);
            }
        });

    /// <summary>Component count, table selectors, spectral selection and successive approximation of a scan.</summary>
    private static byte[]? JpegScanHeaderEdit(Random random, byte[] bytes) =>
        EditSegment(bytes, s => s.Marker == JpegSegments.StartOfScan && s.BodyLength > 0, random, (copy, sos) =>
        {
            int at = sos.BodyStart + random.Next(sos.BodyLength);
            copy[at] = random.Next(3) switch
            {
                0 => InterestingBytes[random.Next(InterestingBytes.Length)],
                1 => new byte[] { 0, 1, 4, 5, 0x3F, 0x40, 0x10, 0x44, 0xF0, 0x0F }[random.Next(10)],
                _ => (byte)random.Next(256),
            };
        });

    private static byte[]? JpegSegmentLength(Random random, byte[] bytes) =>
        EditSegment(bytes, s => s.HeaderLength >= 4, random, (copy, segment) =>
        {
            int length = segment.HeaderLength - 2;
            ushort[] lengths = [0, 1, 2, 3, (ushort)Math.Max(0, length - 1), (ushort)Math.Min(65_535, length + 1), (ushort)Math.Min(65_535, length + 300), 65_535];
            BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(segment.Start + 2), lengths[random.Next(lengths.Length)]);
        });

    private static byte[]? JpegDropSegment(Random random, byte[] bytes)
    {
        var segments = JpegSegments.Parse(bytes);
        if (segments.Count == 0)
        {
            return null;
        }

        var segment = segments[random.Next(segments.Count)];
        return [.. bytes.AsSpan(0, segment.Start), .. bytes.AsSpan(segment.End)];
    }

    private static byte[]? JpegDuplicateSegment(Random random, byte[] bytes)
    {
        var segments = JpegSegments.Parse(bytes);
        if (segments.Count == 0)
        {
            return null;
        }

        var segment = segments[random.Next(segments.Count)];
        int insertAt = segments[random.Next(segments.Count)].Start;
        return [.. bytes.AsSpan(0, insertAt), .. bytes.AsSpan(segment.Start, segment.HeaderLength), .. bytes.AsSpan(insertAt)];
    }

    /// <summary>Many full-size APPn/COM segments right after SOI: 0.1-12 MB of metadata before the frame.</summary>
    private static byte[]? JpegHugeApplicationSegments(Random random, byte[] bytes)
    {
        int count = random.Next(100) < 90 ? random.Next(2, 40) : random.Next(40, 190);
        byte marker = new byte[] { 0xE1, 0xE2, 0xED, 0xEF, 0xFE, 0xE0 }[random.Next(6)];
        using var output = new MemoryStream();
        output.Write(bytes, 0, 2);
        var body = new byte[65_533];
        random.NextBytes(body);
        if (marker == 0xE1)
        {
            var exif = HostileExifBody();
            exif.CopyTo(body, 0);
        }

        for (int i = 0; i < count; i++)
        {
            output.Write([0xFF, marker, 0xFF, 0xFF]);
            output.Write(body);
        }

        output.Write(bytes, 2, bytes.Length - 2);
        return output.ToArray();
    }

    private static byte[]? JpegHostileExif(Random random, byte[] bytes)
    {
        var exif = HostileExifBody(random);
        return InsertSegment(random, bytes, 0xE1, exif);
    }

    /// <summary>APP2 ICC_PROFILE chunks with forged sequence numbers and a profile header claiming gigabytes or thousands of tags.</summary>
    private static byte[]? JpegIccGarbage(Random random, byte[] bytes)
    {
        var profile = RandomBytes(random, [], random.Next(0, 4096));
        if (profile.Length >= 132)
        {
            BinaryPrimitives.WriteUInt32BigEndian(profile, random.Next(2) == 0 ? 0xFFFF_FFF0 : (uint)profile.Length);
            "acsp"u8.CopyTo(profile.AsSpan(36));
            BinaryPrimitives.WriteUInt32BigEndian(profile.AsSpan(128), (uint)random.Next(0, 100_000));
        }

        byte sequence = (byte)random.Next(0, 4), total = (byte)random.Next(0, 4);
        return InsertSegment(random, bytes, 0xE2, [.. "ICC_PROFILE\0"u8, sequence, total, .. profile]);
    }

    /// <summary>An Adobe APP14 segment whose colour transform flag reinterprets the components (none, YCbCr, YCCK).</summary>
    private static byte[]? JpegAdobeSegment(Random random, byte[] bytes) =>
        InsertSegment(random, bytes, 0xEE, [.. "Adobe"u8, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, (byte)random.Next(0, 4)]);

    /// <summary>A restart interval the scan data does not honour (no RST markers in it).</summary>
    private static byte[]? JpegRestartInterval(Random random, byte[] bytes)
    {
        var interval = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(interval, new ushort[] { 0, 1, 2, 7, 65_535 }[random.Next(5)]);
        return InsertSegment(random, bytes, JpegSegments.RestartInterval, interval, beforeScan: true);
    }

    /// <summary>Bit flips in the entropy-coded data only, leaving every marker intact.</summary>
    private static byte[]? JpegCorruptEntropyData(Random random, byte[] bytes) =>
        EditSegment(bytes, s => s.Marker == JpegSegments.StartOfScan && s.Length > s.HeaderLength + 2, random, (copy, sos) =>
        {
            int start = sos.Start + sos.HeaderLength;
            int flips = random.Next(1, 24);
            for (int i = 0; i < flips; i++)
            {
                int at = random.Next(start, sos.End);
                byte flipped = (byte)(copy[at] ^ (1 << random.Next(8)));

                // Never write an unstuffed 0xFF: that would be a marker edit, not data damage.
                if (flipped != 0xFF && copy[at] != 0xFF && (at == start || copy[at - 1] != 0xFF))
                {
                    copy[at] = flipped;
                }
            }
        });

    private static byte[]? InsertSegment(Random random, byte[] bytes, byte marker, byte[] body, bool beforeScan = false)
    {
        var segments = JpegSegments.Parse(bytes);
        if (segments.Count == 0 || body.Length > 65_533)
        {
            return null;
        }

        int at = beforeScan
            ? segments.First(s => s.Marker == JpegSegments.StartOfScan || s == segments[^1]).Start
            : random.Next(2) == 0 ? 2 : segments[random.Next(segments.Count)].Start;
        var header = new byte[4];
        header[0] = 0xFF;
        header[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)(body.Length + 2));
        return [.. bytes.AsSpan(0, at), .. header, .. body, .. bytes.AsSpan(at)];
    }

    /// <summary>
    /// An APP1 EXIF body whose TIFF structure lies: IFD offsets outside the data or pointing back at
    /// themselves (loops), entry counts of 65535, values claiming gigabytes, types that do not exist, and an
    /// Orientation that is not 1-8.
    /// </summary>
    private static byte[] HostileExifBody(Random? random = null)
    {
        random ??= new Random(5);
        bool littleEndian = random.Next(2) == 0;
        var tiff = new byte[random.Next(100) < 80 ? random.Next(64, 2048) : random.Next(2048, 65_000)];
        random.NextBytes(tiff);
        void U16(int at, int value)
        {
            if (at + 2 <= tiff.Length)
            {
                if (littleEndian)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), (ushort)value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), (ushort)value);
                }
            }
        }

        void U32(int at, uint value)
        {
            if (at + 4 <= tiff.Length)
            {
                if (littleEndian)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at), value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at), value);
                }
            }
        }

        (littleEndian ? "II"u8 : "MM"u8).CopyTo(tiff);
        U16(2, 42);
        U32(4, new uint[] { 8, 8, 8, 0, 4, 0xFFFF_FFF0, (uint)tiff.Length }[random.Next(7)]);
        int entries = random.Next(100) < 70 ? random.Next(1, 12) : new[] { 0, 0xFFFF, 4000 }[random.Next(3)];
        U16(8, entries);
        ushort[] tags = [0x0112, 0x8769, 0x8825, 0xA005, 0x010E, 0x927C, 0x9286, 0x0201, 0x0202, 0x0100, 0x0101];
        for (int i = 0; i < Math.Min(entries, 12); i++)
        {
            int entry = 10 + (12 * i);
            U16(entry, tags[random.Next(tags.Length)]);
            U16(entry + 2, random.Next(100) < 80 ? random.Next(1, 13) : random.Next(0, 65_536)); // type
            U32(entry + 4, random.Next(3) switch { 0 => 1, 1 => (uint)random.Next(2, 64), _ => new uint[] { 0x3FFF_FFFF, 0xFFFF_FFFF, 100_000 }[random.Next(3)] }); // count
            U32(entry + 8, random.Next(3) switch { 0 => (uint)random.Next(0, 10), 1 => 8, _ => (uint)random.Next() }); // value or offset (8 = a loop to IFD0)
        }

        U32(10 + (12 * Math.Min(entries, 12)), random.Next(2) == 0 ? 8u : 0u); // next IFD: a loop or the end
        return [.. "Exif\0\0"u8, .. tiff];
    }

    // ---- helpers ----
}
