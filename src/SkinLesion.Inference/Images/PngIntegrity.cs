namespace SkinLesion.Inference.Images;

/// <summary>
/// Checks of a PNG's compressed chunks made before ImageSharp decodes it, against two faults the fuzzer found in the
/// decoder: compressed metadata inflated whole (a memory and time bomb) and damaged interlaced image data (an endless
/// loop). Each inflates into a small discarded buffer and refuses the file as corrupt.
/// </summary>
internal static class PngIntegrity
{
    /// <summary>
    /// ImageSharp inflates every compressed PNG metadata chunk (zTXt, compressed iTXt) whole, into a string,
    /// even when only the header is read: a 260 KB upload whose zTXt inflated to 256 MB took 14 s and
    /// gigabytes of memory (found by the fuzzer). Such chunks are inflated here first, into a small buffer
    /// that is discarded, and the file is refused once all of them together exceed
    /// <see cref="MaxInflatedMetadataBytes"/>. Damaged zlib data is left to the decoder.
    /// </summary>
    internal static void CheckCompressedMetadata(ReadOnlyMemory<byte> png)
    {
        long budget = MaxInflatedMetadataBytes;
        foreach (var walked in new PngChunkWalk(png.Span))
        {
            var type = walked.Type;
            var chunk = png.Slice(walked.DataOffset, walked.Length);
            if (type.SequenceEqual("IEND"u8))
            {
                return;
            }

            if (CompressedPayloadOffset(type, chunk.Span) is int offset && offset <= chunk.Length)
            {
                budget -= Inflate(chunk[offset..], budget + 1);
                if (budget < 0)
                {
                    throw new ImageRejectedException(
                        ImageRejectionReason.Corrupt,
                        $"The PNG file's compressed text metadata expands to more than {MaxInflatedMetadataBytes / (1024 * 1024)} MB. Re-export the image without metadata.");
                }
            }
        }
    }

    /// <summary>
    /// ImageSharp 2.1's PNG decoder can loop forever on an Adam7-interlaced image whose zlib data is damaged or
    /// ends early (found by the fuzzer: 7-11 KB 16-bit interlaced PNGs with flipped bits in, or a cut through,
    /// their IDAT, CRCs fixed, pinned a core inside an inference slot). So the image data is inflated once here
    /// and refused unless zlib accepts it and it holds every row the header promises (read, as the decoder reads
    /// it, from the first run of consecutive IDAT chunks).
    /// </summary>
    internal static void CheckImageData(ReadOnlyMemory<byte> png, ImageHeader header)
    {
        using var idat = new MemoryStream();
        long expected = -1;
        foreach (var walked in new PngChunkWalk(png.Span))
        {
            var type = walked.Type;
            var chunk = walked.Data;
            if (type.SequenceEqual("IHDR"u8) && chunk.Length >= 13 && expected < 0)
            {
                expected = RawImageDataLength(header.Width, header.Height, chunk[8], chunk[9], chunk[12] == 1);
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                idat.Write(chunk);
            }
            else if (idat.Length > 0 || type.SequenceEqual("IEND"u8))
            {
                break; // the decoder reads the image data from consecutive IDAT chunks only
            }
        }

        if (expected <= 0)
        {
            return; // an IHDR ImageSharp accepted but this does not understand: leave it to the decoder
        }

        idat.Position = 0;
        long total = 0;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var inflater = new System.IO.Compression.ZLibStream(idat, System.IO.Compression.CompressionMode.Decompress);
            int read;
            while (total < expected && (read = inflater.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
            }
        }
        catch (System.IO.InvalidDataException ex)
        {
            throw ImageRejectedException.Corrupt(AcceptedImageFormat.Png, ex);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        if (total < expected)
        {
            throw new ImageRejectedException(
                ImageRejectionReason.Corrupt,
                "The PNG file's image data is truncated: it holds fewer rows than its header declares. Re-export or re-upload the complete file.");
        }
    }

    /// <summary>Bytes of filtered scanlines (a filter byte a row) the header promises; -1 for an unknown colour type.</summary>
    private static long RawImageDataLength(int width, int height, byte bitDepth, byte colourType, bool adam7)
    {
        int channels = colourType switch
        {
            0 or 3 => 1,
            2 => 3,
            4 => 2,
            6 => 4,
            _ => -1,
        };
        if (channels < 0 || bitDepth is not (1 or 2 or 4 or 8 or 16))
        {
            return -1;
        }

        long bitsPerPixel = (long)channels * bitDepth;
        long Rows(long w, long h) => w == 0 || h == 0 ? 0 : h * (1 + (((w * bitsPerPixel) + 7) / 8));
        if (!adam7)
        {
            return Rows(width, height);
        }

        // Adam7: (x start, y start, x step, y step) of the seven passes.
        ReadOnlySpan<int> passes = [0, 0, 8, 8, 4, 0, 8, 8, 0, 4, 4, 8, 2, 0, 4, 4, 0, 2, 2, 4, 1, 0, 2, 2, 0, 1, 1, 2];
        long total = 0;
        for (int p = 0; p < 28; p += 4)
        {
            long w = (width - passes[p] + passes[p + 2] - 1) / passes[p + 2];
            long h = (height - passes[p + 1] + passes[p + 3] - 1) / passes[p + 3];
            total += Rows(Math.Max(0, w), Math.Max(0, h));
        }

        return total;
    }

    internal const int MaxInflatedMetadataBytes = 4 * 1024 * 1024;


    /// <summary>Where the zlib stream starts in a zTXt or a compressed iTXt chunk; null for anything else.</summary>
    private static int? CompressedPayloadOffset(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        int keywordEnd = data.IndexOf((byte)0);
        if (keywordEnd < 0)
        {
            return null;
        }

        if (type.SequenceEqual("zTXt"u8))
        {
            return keywordEnd + 2; // keyword, NUL, compression method
        }

        if (!type.SequenceEqual("iTXt"u8) || keywordEnd + 3 > data.Length || data[keywordEnd + 1] == 0)
        {
            return null;
        }

        // keyword NUL, compression flag, method, language tag NUL, translated keyword NUL, text
        int rest = keywordEnd + 3;
        int languageEnd = data[rest..].IndexOf((byte)0);
        if (languageEnd < 0)
        {
            return null;
        }

        int translatedEnd = data[(rest + languageEnd + 1)..].IndexOf((byte)0);
        return translatedEnd < 0 ? null : rest + languageEnd + 1 + translatedEnd + 1;
    }

    /// <summary>How many bytes the zlib data inflates to, counting no further than limit.</summary>
    private static long Inflate(ReadOnlyMemory<byte> zlib, long limit)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        long total = 0;
        try
        {
            using var inflater = new System.IO.Compression.ZLibStream(ImagePreprocessor.AsStream(zlib), System.IO.Compression.CompressionMode.Decompress);
            int read;
            while (total < limit && (read = inflater.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
            }
        }
        catch (System.IO.InvalidDataException)
        {
            // Not valid zlib: the decoder skips or refuses it; either way it cannot expand.
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return total;
    }
}
