using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Compression;

namespace SkinLesion.Tests.Shared.Fuzzing;

/// <summary>One generated upload: which seed it came from and which mutations made it.</summary>
internal sealed record FuzzCase(int Index, string Seed, string Mutation, byte[] Bytes)
{
    public override string ToString() => $"case {Index}: {Seed} <- {Mutation} ({Bytes.Length:N0} bytes)";
}

/// <summary>
/// A deterministic mutation fuzzer for uploads. Case i depends only on (seed, i): it picks a seed image and
/// applies one to three mutations, generic (bit flips, truncation, splices, foreign prefixes, polyglots) or
/// aware of the container (PNG chunks re-signed with a correct CRC so the decoder gets past the check; JPEG
/// marker segments SOF/DHT/DQT/SOS/DRI/APPn), including forged dimensions and huge metadata.
/// </summary>
internal sealed class UploadFuzzer(IReadOnlyList<FuzzSeed> seeds, int seed)
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

    // ---- PNG ----

    private static byte[]? EditPng(byte[] bytes, Func<List<PngChunk>, bool> edit)
    {
        var chunks = PngChunks.Parse(bytes);
        return chunks.Count > 0 && edit(chunks) ? PngChunks.Write(chunks) : null;
    }

    private static int IndexOf(List<PngChunk> chunks, string type) => chunks.FindIndex(c => c.Type == type);

    private static byte[]? PngForgedDimensions(Random random, byte[] bytes) => EditPng(bytes, chunks =>
    {
        int at = IndexOf(chunks, "IHDR");
        if (at < 0 || chunks[at].Data.Length < 13)
        {
            return false;
        }

        var data = (byte[])chunks[at].Data.Clone();
        int sides = random.Next(3);
        if (sides != 1)
        {
            BinaryPrimitives.WriteUInt32BigEndian(data, PngDimensions[random.Next(PngDimensions.Length)]);
        }

        if (sides != 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), PngDimensions[random.Next(PngDimensions.Length)]);
        }

        // Mostly re-signed, so the decoder believes the header.
        chunks[at] = new PngChunk("IHDR", data) { ForgedCrc = random.Next(100) < 85 ? null : (uint)random.Next() };
        return true;
    });

    private static byte[]? PngHeaderField(Random random, byte[] bytes) => EditPng(bytes, chunks =>
    {
        int at = IndexOf(chunks, "IHDR");
        if (at < 0 || chunks[at].Data.Length < 13)
        {
            return false;
        }

        var data = (byte[])chunks[at].Data.Clone();
        switch (random.Next(5))
        {
            case 0:
                data[8] = new byte[] { 0, 1, 2, 3, 4, 5, 8, 16, 32, 255 }[random.Next(10)]; // bit depth
                break;
            case 1:
                data[9] = new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 255 }[random.Next(10)]; // colour type
                break;
            case 2:
                data[10] = (byte)random.Next(3); // compression method
                break;
            case 3:
                data[11] = (byte)random.Next(3); // filter method
                break;
            default:
                data[12] = (byte)random.Next(4); // interlace method
                break;
        }

        chunks[at] = new PngChunk("IHDR", data);
        return true;
    });

    private static byte[]? PngBadCrc(Random random, byte[] bytes) => EditPng(bytes, chunks =>
    {
        int at = random.Next(chunks.Count);
        chunks[at] = chunks[at] with { ForgedCrc = (uint)random.Next() };
        return true;
    });

    /// <summary>Damage inside the zlib stream (or the filter bytes), with the chunk CRC fixed up.</summary>
    private static byte[]? PngCorruptImageData(Random random, byte[] bytes) => EditPng(bytes, chunks =>
    {
        int at = IndexOf(chunks, "IDAT");
        if (at < 0 || chunks[at].Data.Length == 0)
        {
            return false;
        }

        var data = (byte[])chunks[at].Data.Clone();
        if (random.Next(4) == 0)
        {
            // Valid zlib, wrong content: random filter bytes and pixels of a random length.
            data = Deflate(RandomBytes(random, [], random.Next(1, 40_000)));
        }
        else
        {
            int flips = random.Next(1, 12);
            for (int i = 0; i < flips; i++)
            {
                data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
            }
        }

        chunks[at] = new PngChunk("IDAT", data);
        return true;
    });

    /// <summary>An IDAT that inflates to far more than the header's rows need (a decompression bomb).</summary>
    private static byte[]? PngImageDataBomb(Random random, byte[] bytes) => EditPng(bytes, chunks =>
    {
        int at = IndexOf(chunks, "IDAT");
        if (at < 0)
        {
            return false;
        }

        chunks.RemoveAll(c => c.Type == "IDAT");
        chunks.Insert(Math.Min(at, chunks.Count), new PngChunk("IDAT", ZeroBomb(ImageDataBombMegabytes[random.Next(ImageDataBombMegabytes.Length)])));
        return true;
    });

    private static byte[]? PngChunkLength(Random random, byte[] bytes) => EditPng(bytes, chunks =>
    {
        int at = random.Next(chunks.Count);
        uint length = (uint)chunks[at].Data.Length;
        uint[] lengths = [0, 1, length - 1, length + 1, length + 4096, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF];
        chunks[at] = chunks[at] with { ForgedLength = lengths[random.Next(lengths.Length)] };
        return true;
    });

    private static byte[]? PngDropChunk(Random random, byte[] bytes) => EditPng(bytes, chunks =>
    {
        // Dropping IEND is only interesting as "the file has no end", which truncation covers.
        var candidates = chunks.Select((c, i) => (c, i)).Where(x => x.c.Type != "IEND").ToList();
        if (candidates.Count == 0)
        {
            return false;
        }

        chunks.RemoveAt(candidates[random.Next(candidates.Count)].i);
        return true;
    });

    private static byte[]? PngDuplicateChunk(Random random, byte[] bytes) => EditPng(bytes, chunks =>
    {
        var chunk = chunks[random.Next(chunks.Count)];
        chunks.Insert(random.Next(chunks.Count), chunk);
        return true;
    });

    private static byte[]? PngSwapChunks(Random random, byte[] bytes) => EditPng(bytes, chunks =>
    {
        if (chunks.Count < 2)
        {
            return false;
        }

        int a = random.Next(chunks.Count), b = random.Next(chunks.Count);
        (chunks[a], chunks[b]) = (chunks[b], chunks[a]);
        return true;
    });

    private static byte[]? PngSplitImageData(Random random, byte[] bytes) => EditPng(bytes, chunks =>
    {
        int at = IndexOf(chunks, "IDAT");
        if (at < 0 || chunks[at].Data.Length < 2)
        {
            return false;
        }

        var data = chunks[at].Data;
        int pieces = Math.Min(data.Length, random.Next(2, 200));
        var split = new List<PngChunk>();
        for (int i = 0; i < pieces; i++)
        {
            int start = data.Length * i / pieces, end = data.Length * (i + 1) / pieces;
            split.Add(new PngChunk("IDAT", data[start..end]));
        }

        // Sometimes with an empty IDAT or another chunk between the pieces (the spec forbids the latter).
        if (random.Next(3) == 0)
        {
            split.Insert(random.Next(1, split.Count), random.Next(2) == 0 ? new PngChunk("IDAT", []) : new PngChunk("tEXt", "k\0v"u8.ToArray()));
        }

        chunks.RemoveAt(at);
        chunks.InsertRange(at, split);
        return true;
    });

    /// <summary>A tEXt chunk of 1-12 MB (over the web's 10 MB cap now and then).</summary>
    private static byte[]? PngHugeText(Random random, byte[] bytes) => EditPng(bytes, chunks =>
    {
        int size = random.Next(100) < 90 ? random.Next(1, 4) * 1024 * 1024 : random.Next(4, 13) * 1024 * 1024;
        var data = new byte[size];
        "Comment\0"u8.CopyTo(data);
        data.AsSpan(8).Fill((byte)'A');
        chunks.Insert(1, new PngChunk(random.Next(2) == 0 ? "tEXt" : "iTXt", data));
        return true;
    });

    private static byte[]? PngManyText(Random random, byte[] bytes) => EditPng(bytes, chunks =>
    {
        int count = random.Next(1_000, 20_000);
        var chunk = new PngChunk("tEXt", "Comment\0many small chunks"u8.ToArray());
        chunks.InsertRange(1, Enumerable.Repeat(chunk, count));
        return true;
    });

    /// <summary>zTXt / iTXt / iCCP whose compressed payload inflates to tens of megabytes.</summary>
    private static byte[]? PngCompressedTextBomb(Random random, byte[] bytes) => EditPng(bytes, chunks =>
    {
        var bomb = ZeroBomb(TextBombMegabytes[random.Next(TextBombMegabytes.Length)]);
        var chunk = random.Next(3) switch
        {
            0 => new PngChunk("zTXt", [.. "Comment\0\0"u8, .. bomb]),
            1 => new PngChunk("iTXt", [.. "Comment\0\u0001\0en\0\0"u8, .. bomb]),
            _ => new PngChunk("iCCP", [.. "icc\0\0"u8, .. bomb]),
        };
        chunks.Insert(1, chunk);
        return true;
    });

    private static byte[]? PngAncillaryGarbage(Random random, byte[] bytes) => EditPng(bytes, chunks =>
    {
        string type = AncillaryPngChunks[random.Next(AncillaryPngChunks.Length)];
        int length = random.Next(100) switch
        {
            < 40 => random.Next(0, 16),
            < 90 => random.Next(16, 2048),
            _ => random.Next(2048, 300_000),
        };
        var data = RandomBytes(random, [], length);
        if (type == "eXIf" && data.Length >= 8)
        {
            var exif = HostileExifBody(random);
            exif.AsSpan(6, Math.Min(data.Length, exif.Length - 6)).CopyTo(data);
        }

        // Before the first IDAT (where the spec puts most of them) or anywhere.
        int idat = IndexOf(chunks, "IDAT");
        int at = random.Next(2) == 0 && idat > 0 ? random.Next(1, idat + 1) : random.Next(1, chunks.Count + 1);
        chunks.Insert(Math.Min(at, chunks.Count), new PngChunk(type, data));
        return true;
    });

    // ---- JPEG ----

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
