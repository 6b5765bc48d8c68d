using System.Buffers.Binary;
using System.IO.Compression;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace SkinLesion.Tests.Shared;

/// <summary>Images made in memory so tests say something even without the shared data set.</summary>
internal static class TestImages
{
    /// <summary>A skin-toned background with a dark, irregular blob: lesion-like, deterministic.</summary>
    public static Image<Rgba32> Lesion(int width, int height, int seed = 7)
    {
        var random = new Random(seed);
        var image = new Image<Rgba32>(width, height);
        double cx = width / 2.0, cy = height / 2.0, radius = Math.Min(width, height) / 3.0;
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    double d = Math.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy))) / radius;
                    int noise = random.Next(-8, 9);
                    row[x] = d < 1
                        ? new Rgba32((byte)(110 + noise), (byte)(70 + noise), (byte)(50 + noise))
                        : new Rgba32((byte)(220 + (noise / 2)), (byte)(180 + noise), (byte)(160 + noise));
                }
            }
        });
        return image;
    }

    public static byte[] Png<TPixel>(Image<TPixel> image)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var memory = new MemoryStream();
        image.Save(memory, new PngEncoder());
        return memory.ToArray();
    }

    public static byte[] Jpeg<TPixel>(Image<TPixel> image, int quality = 95)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var memory = new MemoryStream();
        image.Save(memory, new JpegEncoder { Quality = quality });
        return memory.ToArray();
    }

    public static byte[] LesionPng(int width = 200, int height = 150)
    {
        using var image = Lesion(width, height);
        return Png(image);
    }

    public static byte[] LesionJpeg(int width = 200, int height = 150)
    {
        using var image = Lesion(width, height);
        return Jpeg(image);
    }

    /// <summary>
    /// A valid 1-bit greyscale PNG of width x height written chunk by chunk: every row is a filter
    /// byte and zero bits, so the zlib stream compresses to almost nothing (20000x20000 is ~50 KB)
    /// while decoding it would need gigabytes.
    /// </summary>
    public static byte[] HugeBlackPng(int width, int height)
    {
        using var output = PngStart(width, height, bitDepth: 1, colourType: 0);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                var row = new byte[1 + ((width + 7) / 8)];
                for (int y = 0; y < height; y++)
                {
                    zlib.Write(row);
                }
            }

            WriteChunk(output, "IDAT", compressed.ToArray());
        }

        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>
    /// A PNG whose header is valid and whose pixel data is not (an IDAT chunk of bytes that are not zlib): decoding it
    /// fails, so an answer that names its size shows it was judged from the header alone.
    /// </summary>
    public static byte[] PngWithUndecodablePixels(int width, int height)
    {
        using var output = PngStart(width, height, bitDepth: 8, colourType: 2);
        WriteChunk(output, "IDAT", [.. Enumerable.Repeat((byte)0xFF, 4096)]);
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>The PNG signature and an IHDR chunk (colour type 0 greyscale, 2 RGB), in a stream for the chunks that follow.</summary>
    private static MemoryStream PngStart(int width, int height, byte bitDepth, byte colourType)
    {
        var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = bitDepth;
        ihdr[9] = colourType;
        WriteChunk(output, "IHDR", ihdr);
        return output;
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        output.Write(buffer);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        var crc = Crc32([.. typeBytes, .. data]);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, crc);
        output.Write(buffer);
    }

    // PNG's CRC-32 (ISO 3309 polynomial, reflected), bitwise: only a few chunks are ever hashed here.
    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>Leading bytes of formats people upload by mistake, padded so they are not "empty".</summary>
    public static byte[] WithPadding(byte[] prefix, int size = 2048)
    {
        var bytes = new byte[Math.Max(size, prefix.Length)];
        prefix.CopyTo(bytes, 0);
        new Random(3).NextBytes(bytes.AsSpan(prefix.Length));
        return bytes;
    }

    public static readonly byte[] DocxPrefix = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00];
    public static readonly byte[] GifPrefix = "GIF89a"u8.ToArray();
    public static readonly byte[] WebpPrefix = [.. "RIFF"u8.ToArray(), 0x24, 0x00, 0x00, 0x00, .. "WEBPVP8 "u8.ToArray()];
    public static readonly byte[] BmpPrefix = [0x42, 0x4D, 0x36, 0x00, 0x0C, 0x00];
    public static readonly byte[] TiffPrefix = [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00];
    public static readonly byte[] PdfPrefix = "%PDF-1.7\n"u8.ToArray();
    public static readonly byte[] SvgPrefix = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"150\"></svg>"u8.ToArray();
}
