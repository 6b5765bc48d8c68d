using System.Collections.Concurrent;
using System.IO.Compression;

namespace SkinLesion.Tests.Shared.Fuzzing;

/// <summary>
/// A deterministic mutation fuzzer for uploads. Case i depends only on (seed, i): it picks a seed image and
/// applies one to three mutations, generic (bit flips, truncation, splices, foreign prefixes, polyglots) or
/// aware of the container (PNG chunks re-signed with a correct CRC so the decoder gets past the check; JPEG
/// marker segments SOF/DHT/DQT/SOS/DRI/APPn), including forged dimensions and huge metadata.
/// </summary>
internal sealed partial class UploadFuzzer(IReadOnlyList<FuzzSeed> seeds, int seed)
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF];

    // Widths and heights a hostile header would claim: zero, under the minimum side, overflow-prone, huge.
    private static readonly uint[] PngDimensions = [0, 1, 63, 64, 200, 4096, 46_341, 65_535, 100_000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF];
    private static readonly ushort[] JpegDimensions = [0, 1, 8, 63, 64, 150, 1024, 8192, 40_000, 65_535];

    // How far compressed payloads inflate: pixel data to 64 MB (a 96x72 image needs 28 KB), text and ICC to 256 MB.
    private static readonly int[] ImageDataBombMegabytes = [1, 16, 64];
    private static readonly int[] TextBombMegabytes = [1, 16, 64, 256];

    private static readonly string[] AncillaryPngChunks = ["iCCP", "eXIf", "gAMA", "cHRM", "sRGB", "sBIT", "pHYs", "tRNS", "PLTE", "bKGD", "hIST", "tIME", "acTL", "fcTL", "fdAT", "iTXt", "zTXt", "tEXt", "sPLT", "abCD", "IHDR", "IEND"];

    private readonly (string Name, int Weight, Func<Random, byte[], byte[]?> Apply)[] _generic =
    [
        ("bit-flips", 14, BitFlips),
        ("interesting-bytes", 6, InterestingByteWrites),
        ("truncate", 8, Truncate),
        ("truncate-keep-terminator", 6, TruncateKeepingTerminator),
        ("delete-range", 3, DeleteRange),
        ("duplicate-range", 3, DuplicateRange),
        ("foreign-prefix", 3, ForeignPrefix),
    ];

    private readonly (string Name, int Weight, Func<Random, byte[], byte[]?> Apply)[] _png =
    [
        ("png-ihdr-dimensions", 7, PngForgedDimensions),
        ("png-ihdr-field", 5, PngHeaderField),
        ("png-bad-crc", 3, PngBadCrc),
        ("png-idat-corrupt-resigned", 7, PngCorruptImageData),
        ("png-idat-bomb", 2, PngImageDataBomb),
        ("png-chunk-length", 3, PngChunkLength),
        ("png-drop-chunk", 3, PngDropChunk),
        ("png-duplicate-chunk", 2, PngDuplicateChunk),
        ("png-swap-chunks", 2, PngSwapChunks),
        ("png-split-idat", 2, PngSplitImageData),
        ("png-huge-text", 2, PngHugeText),
        ("png-many-text", 1, PngManyText),
        ("png-ztxt-bomb", 2, PngCompressedTextBomb),
        ("png-ancillary-garbage", 5, PngAncillaryGarbage),
    ];

    private readonly (string Name, int Weight, Func<Random, byte[], byte[]?> Apply)[] _jpeg =
    [
        ("jpeg-sof-dimensions", 7, JpegForgedDimensions),
        ("jpeg-sof-field", 5, JpegFrameField),
        ("jpeg-sof-marker-type", 4, JpegFrameMarkerType),
        ("jpeg-dht-edit", 4, (r, b) => JpegEditSegment(r, b, JpegSegments.HuffmanTable)),
        ("jpeg-dqt-edit", 4, (r, b) => JpegEditSegment(r, b, JpegSegments.QuantizationTable)),
        ("jpeg-sos-edit", 4, JpegScanHeaderEdit),
        ("jpeg-segment-length", 3, JpegSegmentLength),
        ("jpeg-drop-segment", 3, JpegDropSegment),
        ("jpeg-duplicate-segment", 2, JpegDuplicateSegment),
        ("jpeg-huge-app", 2, JpegHugeApplicationSegments),
        ("jpeg-exif-hostile", 3, JpegHostileExif),
        ("jpeg-icc-garbage", 2, JpegIccGarbage),
        ("jpeg-adobe-app14", 2, JpegAdobeSegment),
        ("jpeg-restart-interval", 2, JpegRestartInterval),
        ("jpeg-entropy-corrupt", 7, JpegCorruptEntropyData),
    ];

    public IReadOnlyList<FuzzSeed> Seeds => seeds;

    public int Seed => seed;

    public FuzzCase Generate(int index)
    {
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var source = seeds[random.Next(seeds.Count)];
        var bytes = source.Bytes;
        int rounds = random.Next(100) switch
        {
            < 75 => 1,
            < 93 => 2,
            _ => 3,
        };

        var applied = new List<string>(rounds);
        for (int round = 0; round < rounds; round++)
        {
            var (name, mutated) = MutateOnce(random, bytes);
            applied.Add(name);
            bytes = mutated;
        }

        return new FuzzCase(index, source.Name, string.Join(" + ", applied), bytes);
    }

    private (string Name, byte[] Bytes) MutateOnce(Random random, byte[] bytes)
    {
        if (random.Next(100) < 3)
        {
            return ("splice-other-seed", SpliceOtherSeed(random, bytes));
        }

        if (random.Next(100) < 3)
        {
            return ("polyglot-trailer", AppendTrailer(random, bytes));
        }

        bool png = bytes.AsSpan().StartsWith(PngChunks.Signature);
        bool jpeg = bytes.Length > 3 && bytes[0] == 0xFF && bytes[1] == JpegSegments.StartOfImage;
        (string Name, int Weight, Func<Random, byte[], byte[]?> Apply)[] specific = png ? _png : jpeg ? _jpeg : [];
        for (int attempt = 0; attempt < 4; attempt++)
        {
            var catalogue = specific.Length > 0 && random.Next(100) < 60 ? specific : _generic;
            var (name, _, apply) = Pick(random, catalogue);
            if (apply(random, bytes) is { } mutated)
            {
                return (name, mutated);
            }
        }

        return ("bit-flips", BitFlips(random, bytes));
    }

    private static (string Name, int Weight, Func<Random, byte[], byte[]?> Apply) Pick(Random random, (string Name, int Weight, Func<Random, byte[], byte[]?> Apply)[] catalogue)
    {
        int roll = random.Next(catalogue.Sum(m => m.Weight));
        foreach (var mutation in catalogue)
        {
            roll -= mutation.Weight;
            if (roll < 0)
            {
                return mutation;
            }
        }

        return catalogue[^1];
    }

    // ---- generic ----

    private static byte[] BitFlips(Random random, byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        if (copy.Length == 0)
        {
            return copy;
        }

        int flips = random.Next(100) < 60 ? random.Next(1, 4) : random.Next(4, 64);
        for (int i = 0; i < flips; i++)
        {
            // Mostly past the signature, so the decoders (not the sniffer) see the damage.
            int at = copy.Length > 16 && random.Next(100) < 95 ? random.Next(8, copy.Length) : random.Next(copy.Length);
            copy[at] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private static byte[] InterestingByteWrites(Random random, byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        int writes = random.Next(1, 9);
        for (int i = 0; i < writes && copy.Length > 0; i++)
        {
            copy[copy.Length > 8 ? random.Next(8, copy.Length) : random.Next(copy.Length)] = InterestingBytes[random.Next(InterestingBytes.Length)];
        }

        return copy;
    }

    private static byte[] Truncate(Random random, byte[] bytes)
    {
        int length = random.Next(100) switch
        {
            < 10 => random.Next(0, Math.Min(bytes.Length, 16)),
            < 30 => random.Next(0, Math.Min(bytes.Length, 400)),
            _ => random.Next(0, bytes.Length),
        };
        return bytes[..length];
    }

    /// <summary>Cut the data but keep the container's terminator, so the truncation reaches the decoder.</summary>
    private static byte[]? TruncateKeepingTerminator(Random random, byte[] bytes)
    {
        if (bytes.Length < 32)
        {
            return null;
        }

        int length = random.Next(16, bytes.Length - 8);
        byte[] terminator = bytes.AsSpan().StartsWith(PngChunks.Signature)
            ? [0, 0, 0, 0, .. "IEND"u8, 0xAE, 0x42, 0x60, 0x82]
            : [0xFF, 0xDA, 0xFF, 0xD9];
        return [.. bytes.AsSpan(0, length), .. terminator];
    }

    private static byte[] DeleteRange(Random random, byte[] bytes)
    {
        if (bytes.Length < 16)
        {
            return bytes[..Math.Max(0, bytes.Length - 1)];
        }

        int start = random.Next(8, bytes.Length);
        int count = random.Next(1, Math.Min(4096, bytes.Length - start) + 1);
        return [.. bytes.AsSpan(0, start), .. bytes.AsSpan(start + count)];
    }

    private static byte[] DuplicateRange(Random random, byte[] bytes)
    {
        if (bytes.Length < 16)
        {
            return [.. bytes, .. bytes];
        }

        int start = random.Next(8, bytes.Length);
        int count = random.Next(1, Math.Min(8192, bytes.Length - start) + 1);
        int insertAt = random.Next(8, bytes.Length);
        return [.. bytes.AsSpan(0, insertAt), .. bytes.AsSpan(start, count), .. bytes.AsSpan(insertAt)];
    }

    /// <summary>Wrong-type files and files that only start like an image.</summary>
    private static byte[] ForeignPrefix(Random random, byte[] bytes)
    {
        byte[][] prefixes =
        [
            TestImages.GifPrefix, TestImages.BmpPrefix, TestImages.TiffPrefix, TestImages.PdfPrefix, TestImages.DocxPrefix,
            TestImages.WebpPrefix, TestImages.SvgPrefix, "<html><body>"u8.ToArray(), [0x00, 0x00, 0x00, 0x18, .. "ftypheic"u8],
            PngChunks.Signature, [0xFF, 0xD8, 0xFF], [0x89, 0x50, 0x4E, 0x47], [0xFF, 0xD8],
        ];
        var prefix = prefixes[random.Next(prefixes.Length)];
        return random.Next(3) switch
        {
            0 => [.. prefix, .. bytes],
            1 => [.. prefix, .. bytes.AsSpan(Math.Min(bytes.Length, prefix.Length))],
            _ => RandomBytes(random, prefix, random.Next(0, 4096)),
        };
    }

    private byte[] SpliceOtherSeed(Random random, byte[] bytes)
    {
        var other = seeds[random.Next(seeds.Count)].Bytes;
        int cut = random.Next(0, bytes.Length + 1);
        int from = random.Next(0, other.Length);
        return [.. bytes.AsSpan(0, cut), .. other.AsSpan(from)];
    }

    /// <summary>Data after the image's end: another image, a ZIP header (a polyglot), or noise.</summary>
    private byte[] AppendTrailer(Random random, byte[] bytes) => random.Next(3) switch
    {
        0 => [.. bytes, .. seeds[random.Next(seeds.Count)].Bytes],
        1 => [.. bytes, .. RandomBytes(random, TestImages.DocxPrefix, random.Next(64, 4096))],
        _ => [.. bytes, .. RandomBytes(random, [], random.Next(1, 65_536))],
    };

    private static byte[] RandomBytes(Random random, byte[] prefix, int length)
    {
        var bytes = new byte[Math.Max(length, prefix.Length)];
        random.NextBytes(bytes);
        prefix.CopyTo(bytes, 0);
        return bytes;
    }

    private static readonly ConcurrentDictionary<int, byte[]> Bombs = new();

    /// <summary>zlib data that inflates to the given number of megabytes of zeros (about 1 KB per MB), made once per size.</summary>
    private static byte[] ZeroBomb(int megabytes) => Bombs.GetOrAdd(megabytes, static size =>
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (int i = 0; i < size; i++)
            {
                zlib.Write(zeros);
            }
        }

        return output.ToArray();
    });

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }
}
