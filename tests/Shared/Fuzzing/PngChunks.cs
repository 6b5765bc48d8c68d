using System.Buffers.Binary;
using System.Text;

namespace SkinLesion.Tests.Shared.Fuzzing;

/// <summary>One PNG chunk as the fuzzer edits it: its type and data, and whether its CRC is written correctly.</summary>
internal sealed record PngChunk(string Type, byte[] Data)
{
    /// <summary>When set, this CRC is written instead of the correct one.</summary>
    public uint? ForgedCrc { get; init; }

    /// <summary>When set, this length field is written instead of Data.Length.</summary>
    public uint? ForgedLength { get; init; }
}

/// <summary>Splits a PNG into chunks and writes chunks back, re-signing each with its CRC.</summary>
internal static class PngChunks
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The chunks of a well-formed PNG (the seeds); stops at the first chunk that does not fit.</summary>
    public static List<PngChunk> Parse(ReadOnlySpan<byte> png)
    {
        var chunks = new List<PngChunk>();
        int position = Signature.Length;
        while (position + 12 <= png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png[position..]);
            if (length < 0 || position + 12L + length > png.Length)
            {
                break;
            }

            string type = Encoding.ASCII.GetString(png.Slice(position + 4, 4));
            chunks.Add(new PngChunk(type, png.Slice(position + 8, length).ToArray()));
            position += 12 + length;
        }

        return chunks;
    }

    public static byte[] Write(IEnumerable<PngChunk> chunks)
    {
        using var output = new MemoryStream();
        output.Write(Signature);
        Span<byte> word = stackalloc byte[4];
        foreach (var chunk in chunks)
        {
            BinaryPrimitives.WriteUInt32BigEndian(word, chunk.ForgedLength ?? (uint)chunk.Data.Length);
            output.Write(word);
            var type = Encoding.ASCII.GetBytes(chunk.Type);
            output.Write(type);
            output.Write(chunk.Data);
            BinaryPrimitives.WriteUInt32BigEndian(word, chunk.ForgedCrc ?? Crc32.Compute(type, chunk.Data));
            output.Write(word);
        }

        return output.ToArray();
    }
}
