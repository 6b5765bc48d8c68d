namespace SkinLesion.Inference.Images;

/// <summary>
/// Two redundancies the formats allow and ImageSharp's header reader refuses, though libjpeg-turbo and Pillow read
/// past them: 0xFF fill bytes straight after a JPEG's SOI (ITU-T T.81 B.1.1.2 allows fill bytes before any marker) and
/// zero-length IDAT chunks in a PNG (its image data is the concatenation of every IDAT). Such files were refused as
/// corrupt-image. <see cref="Remove"/> returns a copy without them, whose pixels are the same; any other file comes back
/// as it is, without a copy, so the cost for an ordinary upload is a look at its first bytes (a PNG: its chunk headers).
/// </summary>
internal static class EncodingSlack
{
    private const byte Fill = 0xFF;

    public static ReadOnlyMemory<byte> Remove(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        if (JpegSegmentWalk.StartsWithSoi(span) && span[2] == Fill && span[3] == Fill)
        {
            // span[marker] is the last fill byte, the 0xFF that begins the first marker.
            int marker = 2;
            while (marker + 1 < span.Length && span[marker + 1] == Fill)
            {
                marker++;
            }

            var copy = new byte[span.Length - (marker - 2)];
            span[..2].CopyTo(copy);
            span[marker..].CopyTo(copy.AsSpan(2));
            return copy;
        }

        return ImageFormatSniffer.Detect(span) == AcceptedImageFormat.Png && HasEmptyImageData(span) ? WithoutEmptyImageData(span) : data;
    }

    private static bool HasEmptyImageData(ReadOnlySpan<byte> png)
    {
        foreach (var chunk in new PngChunkWalk(png))
        {
            if (IsEmptyImageData(chunk))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] WithoutEmptyImageData(ReadOnlySpan<byte> png)
    {
        using var copy = new MemoryStream(png.Length);
        copy.Write(png[..8]);
        int end = 8;
        foreach (var chunk in new PngChunkWalk(png))
        {
            if (!IsEmptyImageData(chunk))
            {
                copy.Write(chunk.Chunk);
            }

            end = chunk.Offset + chunk.Length + 12;
        }

        // Whatever the walk could not read as chunks (a cut-off chunk, bytes after IEND) stays, for the checks after this.
        copy.Write(png[end..]);
        return copy.ToArray();
    }

    private static bool IsEmptyImageData(PngChunkWalk chunk) => chunk.Length == 0 && chunk.Type.SequenceEqual("IDAT"u8);
}
