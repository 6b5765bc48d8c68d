using System.Buffers.Binary;

namespace SkinLesion.Tests.Shared.Fuzzing;

/// <summary>The fuzzer's PNG mutations: chunks edited and re-signed with a correct CRC, so the decoder gets past the check.</summary>
internal sealed partial class UploadFuzzer
{
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
}
