using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace SkinLesion.Inference.Images;

/// <summary>
/// The upload as a page may show it back: the same compressed pixels, without the metadata a camera or an export wrote
/// beside them (EXIF with its descriptions, names, serial numbers and GPS; XMP; comments; PNG text and time chunks; a
/// second picture after the first). A saved result page would otherwise carry whatever the file carried. The pixels are
/// copied byte for byte, so the browser shows exactly what was assessed; the EXIF orientation is written again, alone,
/// because the page's outline is drawn on the upright picture. A JPEG keeps its JFIF, ICC profile and Adobe segments,
/// a PNG every chunk that says how to show its pixels.
/// </summary>
public static class DisplayCopy
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] IccProfile = "ICC_PROFILE\0"u8.ToArray();

    /// <summary>
    /// The copy without metadata; the upload itself when its structure cannot be walked (the decoders accepted it, so
    /// this is a file damaged past its pixels, and showing it as it came is what the page did before).
    /// </summary>
    public static byte[] WithoutMetadata(ReadOnlySpan<byte> image, ImageHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return (header.Format == AcceptedImageFormat.Jpeg ? Jpeg(image, header.Orientation) : Png(image, header.Orientation)) ?? image.ToArray();
    }

    private static byte[]? Jpeg(ReadOnlySpan<byte> jpeg, ushort orientation)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return null;
        }

        var output = new ArrayBufferWriter<byte>(jpeg.Length);
        output.Write(jpeg[..2]);
        if (orientation != 1)
        {
            byte[] exif = [.. "Exif\0\0"u8, .. Tiff(orientation)];
            output.Write<byte>([0xFF, 0xE1, .. BigEndian((ushort)(exif.Length + 2)), .. exif]);
        }

        int offset = 2;
        while (offset + 2 <= jpeg.Length)
        {
            byte marker = jpeg[offset + 1];
            if (jpeg[offset] != 0xFF)
            {
                return null;
            }

            if (marker == 0xFF)
            {
                offset++; // a fill byte before the marker
            }
            else if (marker == 0xD9)
            {
                output.Write<byte>([0xFF, 0xD9]); // whatever follows the end of the image (another picture, trailing data) is not copied
                return output.WrittenSpan.ToArray();
            }
            else if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                output.Write(jpeg.Slice(offset, 2));
                offset += 2;
            }
            else
            {
                if (offset + 4 > jpeg.Length || BinaryPrimitives.ReadUInt16BigEndian(jpeg[(offset + 2)..]) is var length && (length < 2 || offset + 2 + length > jpeg.Length))
                {
                    return null;
                }

                int end = offset + 2 + length;
                if (marker == 0xDA)
                {
                    end = EntropyCodedEnd(jpeg, end); // the scan's header and its coded data travel together
                }

                if (Keeps(marker, jpeg[(offset + 4)..(offset + 2 + length)]))
                {
                    output.Write(jpeg[offset..end]);
                }

                offset = end;
            }
        }

        // Coded data that runs to the end of the file without an end marker, as libjpeg accepts it.
        output.Write<byte>([0xFF, 0xD9]);
        return output.WrittenSpan.ToArray();
    }

    // Every segment but APPn and COM; of those, APP0 (JFIF), APP2 when it holds the ICC profile (how the colours are meant)
    // and APP14 (Adobe: how the components are coded).
    private static bool Keeps(byte marker, ReadOnlySpan<byte> body) => marker switch
    {
        0xE0 or 0xEE => true,
        0xE2 => body.StartsWith(IccProfile),
        (>= 0xE1 and <= 0xEF) or 0xFE => false,
        _ => true,
    };

    // Where the entropy-coded data after a scan header ends: at the first marker that is not a stuffed byte or a restart.
    private static int EntropyCodedEnd(ReadOnlySpan<byte> jpeg, int start)
    {
        for (int i = start; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is not (0x00 or 0xFF or (>= 0xD0 and <= 0xD7)))
            {
                return i;
            }
        }

        return jpeg.Length;
    }

    private static byte[]? Png(ReadOnlySpan<byte> png, ushort orientation)
    {
        if (!png.StartsWith(PngSignature))
        {
            return null;
        }

        var output = new ArrayBufferWriter<byte>(png.Length);
        output.Write(PngSignature);
        bool orientationWritten = orientation == 1;
        foreach (var chunk in new PngChunkWalk(png))
        {
            var type = chunk.Type;
            if (!orientationWritten && type.SequenceEqual("IDAT"u8))
            {
                output.Write(Chunk("eXIf"u8, Tiff(orientation)));
                orientationWritten = true;
            }

            if (!(type.SequenceEqual("tEXt"u8) || type.SequenceEqual("zTXt"u8) || type.SequenceEqual("iTXt"u8) || type.SequenceEqual("tIME"u8) || type.SequenceEqual("eXIf"u8)))
            {
                output.Write(chunk.Chunk);
            }

            if (type.SequenceEqual("IEND"u8))
            {
                return output.WrittenSpan.ToArray();
            }
        }

        return null;
    }

    private static byte[] Chunk(ReadOnlySpan<byte> type, byte[] data)
    {
        byte[] typed = [.. type, .. data];
        return [.. BigEndian((uint)data.Length), .. typed, .. BigEndian(Crc32.HashToUInt32(typed))];
    }

    // A big-endian TIFF structure whose first IFD holds only the orientation, typed SHORT as EXIF types it.
    private static byte[] Tiff(ushort orientation) =>
        [.. "MM\0*"u8, .. BigEndian(8u), .. BigEndian((ushort)1), .. BigEndian((ushort)0x0112), .. BigEndian((ushort)3), .. BigEndian(1u), .. BigEndian(orientation), 0, 0, .. BigEndian(0u)];

    private static byte[] BigEndian(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
