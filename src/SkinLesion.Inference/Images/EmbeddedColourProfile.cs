using System.Buffers;
using System.IO.Compression;

namespace SkinLesion.Inference.Images;

/// <summary>
/// The ICC profile an upload embeds, found where Pillow finds it (the reference, training/skinlesion/colour.py, reads
/// Pillow's <c>info["icc_profile"]</c>), so both sides convert the same uploads (ADR 0062). Only the bytes are found
/// here; <see cref="SrgbConversion"/> decides what they mean.
/// </summary>
internal static class EmbeddedColourProfile
{
    /// <summary>
    /// A larger PNG profile is not read. Pillow will not inflate metadata beyond 1 MB (ImageFile.SAFEBLOCK) and refuses
    /// to open such a file; the service classifies it without the profile.
    /// </summary>
    internal const int MaxPngProfileBytes = 1024 * 1024;

    private static ReadOnlySpan<byte> JpegIdentifier => "ICC_PROFILE\0"u8;

    /// <summary>The profile's bytes; null when the file embeds none, or none Pillow would read.</summary>
    public static byte[]? Read(AcceptedImageFormat format, ReadOnlySpan<byte> data) =>
        format == AcceptedImageFormat.Jpeg ? FromJpeg(data) : FromPng(data);

    // APP2 segments that start with "ICC_PROFILE\0" and come before the frame header, each holding its sequence number,
    // the number of segments and a piece of the profile. Pillow sorts the segments' bodies as byte strings and joins
    // their pieces only when the first one's count is the number found.
    private static byte[]? FromJpeg(ReadOnlySpan<byte> jpeg)
    {
        List<byte[]>? bodies = null;
        var walk = new JpegSegmentWalk(jpeg);
        while (walk.MoveNext() && !IsFrameHeader(walk.Marker))
        {
            if (walk.Marker == 0xE2 && walk.Body.StartsWith(JpegIdentifier))
            {
                (bodies ??= []).Add(walk.Body.ToArray());
            }
        }

        if (bodies is null)
        {
            return null;
        }

        bodies.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        if (bodies[0].Length <= 13 || bodies[0][13] != bodies.Count)
        {
            return null;
        }

        var profile = new byte[bodies.Sum(body => body.Length - 14)];
        int at = 0;
        foreach (var body in bodies)
        {
            body.AsSpan(14).CopyTo(profile.AsSpan(at));
            at += body.Length - 14;
        }

        return profile;
    }

    // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC): where Pillow assembles the profile.
    private static bool IsFrameHeader(byte marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    // The last iCCP chunk before the image data: a name, NUL, the compression method and the profile deflated. Pillow
    // reads the method from the NUL's place (always 0) and inflates whatever the method byte says, so this does too.
    private static byte[]? FromPng(ReadOnlySpan<byte> png)
    {
        int start = -1, length = 0;
        foreach (var chunk in new PngChunkWalk(png))
        {
            if (chunk.Type.SequenceEqual("IDAT"u8))
            {
                break;
            }

            if (chunk.Type.SequenceEqual("iCCP"u8))
            {
                start = chunk.DataOffset;
                length = chunk.Length;
            }
        }

        if (start < 0)
        {
            return null;
        }

        var data = png.Slice(start, length);
        int nameEnd = data.IndexOf((byte)0);
        return nameEnd < 0 || nameEnd + 2 > data.Length ? null : Inflate(data[(nameEnd + 2)..]);
    }

    private static byte[]? Inflate(ReadOnlySpan<byte> zlib)
    {
        using var compressed = new MemoryStream(zlib.ToArray(), writable: false);
        using var inflated = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
            int read;
            while ((read = inflater.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (inflated.Length + read > MaxPngProfileBytes)
                {
                    return null;
                }

                inflated.Write(buffer, 0, read);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // Damaged data (InvalidDataException) or a stream zlib will not start, such as one that asks for a preset
            // dictionary (ZLibException): Pillow drops a profile zlib cannot read and decodes the image.
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return inflated.ToArray();
    }
}
