using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkinLesion.Tests.Shared.Fuzzing;

namespace SkinLesion.Tests.Shared;

/// <summary>
/// ICC v2 matrix/TRC profiles written from their colorants and tone curve, and embedded in a PNG (an iCCP chunk) or a
/// JPEG (APP2 segments) as capture software embeds them. Written here, apart from the reference's own writer
/// (colour.py's matrix_profile), so a profile both sides misread the same way would still show.
/// </summary>
internal static class IccProfiles
{
    // D50-adapted colorants, rows X, Y, Z and columns red, green, blue, as the published profiles give them.
    public static readonly double[,] DisplayP3 = { { 0.5151, 0.2920, 0.1571 }, { 0.2412, 0.6922, 0.0666 }, { -0.0011, 0.0419, 0.7841 } };
    public static readonly double[,] AdobeRgb = { { 0.6097, 0.2053, 0.1492 }, { 0.3111, 0.6257, 0.0632 }, { 0.0195, 0.0609, 0.7446 } };
    public static readonly double[,] Srgb = { { 0.4361, 0.3851, 0.1431 }, { 0.2225, 0.7169, 0.0606 }, { 0.0139, 0.0971, 0.7141 } };

    /// <summary>sRGB's own curve, ICC parametric function 3.</summary>
    public static byte[] SrgbCurve() => Parametric(3, 2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045);

    /// <summary>A <c>curv</c> tag of one gamma.</summary>
    public static byte[] Gamma(double gamma)
    {
        var tag = new byte[14];
        "curv"u8.CopyTo(tag);
        BinaryPrimitives.WriteUInt32BigEndian(tag.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt16BigEndian(tag.AsSpan(12), (ushort)Math.Round(gamma * 256));
        return tag;
    }

    /// <summary>A <c>para</c> tag of function <paramref name="function"/> (0-4) and its parameters.</summary>
    public static byte[] Parametric(int function, params double[] parameters)
    {
        var tag = new byte[12 + (4 * parameters.Length)];
        "para"u8.CopyTo(tag);
        BinaryPrimitives.WriteUInt16BigEndian(tag.AsSpan(8), (ushort)function);
        for (int i = 0; i < parameters.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(tag.AsSpan(12 + (4 * i)), (int)Math.Round(parameters[i] * 65536));
        }

        return tag;
    }

    /// <summary>A <c>curv</c> tag of <paramref name="entries"/> samples of x^gamma, as camera profiles tabulate their curves.</summary>
    public static byte[] Table(int entries, double gamma)
    {
        var tag = new byte[12 + (2 * entries)];
        "curv"u8.CopyTo(tag);
        BinaryPrimitives.WriteUInt32BigEndian(tag.AsSpan(8), (uint)entries);
        for (int i = 0; i < entries; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(tag.AsSpan(12 + (2 * i)), (ushort)Math.Round(65535 * Math.Pow(i / (double)(entries - 1), gamma)));
        }

        return tag;
    }

    /// <summary>
    /// A display profile of these colorants and one curve for all three channels; <paramref name="extraTags"/> are added
    /// as they are (e.g. an A2B0 lookup table).
    /// </summary>
    public static byte[] Matrix(double[,] colorants, byte[] curve, params (string Signature, byte[] Data)[] extraTags)
    {
        var tags = new List<(string Signature, byte[] Data)> { ("wtpt", Xyz(0.9642, 1.0, 0.8249)) };
        string[] names = ["rXYZ", "gXYZ", "bXYZ"];
        for (int channel = 0; channel < 3; channel++)
        {
            tags.Add((names[channel], Xyz(colorants[0, channel], colorants[1, channel], colorants[2, channel])));
        }

        tags.AddRange([("rTRC", curve), ("gTRC", curve), ("bTRC", curve)]);
        tags.AddRange(extraTags);

        using var body = new MemoryStream();
        var table = new byte[4 + (12 * tags.Count)];
        BinaryPrimitives.WriteUInt32BigEndian(table, (uint)tags.Count);
        int offset = 128 + table.Length;
        for (int i = 0; i < tags.Count; i++)
        {
            var entry = table.AsSpan(4 + (12 * i));
            Encoding.ASCII.GetBytes(tags[i].Signature).CopyTo(entry);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], (uint)(offset + body.Length));
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)tags[i].Data.Length);
            body.Write(tags[i].Data);
            body.Write(new byte[-tags[i].Data.Length & 3]);
        }

        var header = new byte[128];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(offset + body.Length));
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), 0x02100000);
        "mntrRGB XYZ "u8.CopyTo(header.AsSpan(12));
        "acsp"u8.CopyTo(header.AsSpan(36));
        Xyz(0.9642, 1.0, 0.8249).AsSpan(8).CopyTo(header.AsSpan(68)); // the connection space's illuminant, D50
        return [.. header, .. table, .. body.ToArray()];
    }

    /// <summary>The PNG with an iCCP chunk holding the profile, after its header chunk.</summary>
    public static byte[] InPng(byte[] png, byte[] profile)
    {
        using var deflated = new MemoryStream();
        using (var zlib = new ZLibStream(deflated, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(profile);
        }

        var chunks = PngChunks.Parse(png);
        chunks.Insert(1, new PngChunk("iCCP", [.. "camera\0\0"u8.ToArray(), .. deflated.ToArray()]));
        return PngChunks.Write(chunks);
    }

    /// <summary>
    /// The JPEG with the profile in APP2 segments after its SOI, split as the ICC specification splits it (sequence
    /// number, count, at most 65,519 bytes each); <paramref name="reversed"/> writes the segments last first, which the
    /// specification allows (readers order them by their numbers).
    /// </summary>
    public static byte[] InJpeg(byte[] jpeg, byte[] profile, bool reversed = false)
    {
        const int MaxPiece = 65519;
        int count = (profile.Length + MaxPiece - 1) / MaxPiece;
        var segments = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            var piece = profile.AsSpan(i * MaxPiece, Math.Min(MaxPiece, profile.Length - (i * MaxPiece)));
            var segment = new byte[4 + 14 + piece.Length];
            segment[0] = 0xFF;
            segment[1] = 0xE2;
            BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(segment.Length - 2));
            "ICC_PROFILE\0"u8.CopyTo(segment.AsSpan(4));
            segment[16] = (byte)(i + 1);
            segment[17] = (byte)count;
            piece.CopyTo(segment.AsSpan(18));
            segments.Add(segment);
        }

        if (reversed)
        {
            segments.Reverse();
        }

        return [.. jpeg.AsSpan(0, 2), .. segments.SelectMany(segment => segment), .. jpeg.AsSpan(2)];
    }

    private static byte[] Xyz(double x, double y, double z)
    {
        var tag = new byte[20];
        "XYZ "u8.CopyTo(tag);
        BinaryPrimitives.WriteInt32BigEndian(tag.AsSpan(8), (int)Math.Round(x * 65536));
        BinaryPrimitives.WriteInt32BigEndian(tag.AsSpan(12), (int)Math.Round(y * 65536));
        BinaryPrimitives.WriteInt32BigEndian(tag.AsSpan(16), (int)Math.Round(z * 65536));
        return tag;
    }
}
