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
        if (!JpegSegmentWalk.StartsWithSoi(jpeg))
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

        var walk = new JpegSegmentWalk(jpeg);
        while (walk.MoveNext())
        {
            if (walk.Marker == 0xD9)
            {
                break; // whatever follows the end of the image (another picture, trailing data) is not copied
            }

            if (Keeps(walk.Marker, walk.Body))
            {
                output.Write(walk.Segment); // a scan's header with its coded data
            }
        }

        if (walk.Broken)
        {
            return null;
        }

        // The end of the image, also where the coded data ran to the end of the file without one, as libjpeg accepts it.
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
