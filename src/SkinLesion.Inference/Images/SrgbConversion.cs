using System.Buffers.Binary;

namespace SkinLesion.Inference.Images;

/// <summary>
/// An embedded profile's pixels brought to sRGB (ADR 0062): each channel to linear light by its tone curve, the profile's
/// colorants to sRGB's by one 3x3 matrix, and sRGB's encoding. Only a matrix/TRC RGB profile (what monitor and camera
/// profiles such as Display P3 and Adobe RGB hold) is read; sRGB itself, and anything else, gets no conversion.
/// training/skinlesion/colour.py is the reference: every constant and every sum here is written as it is written there,
/// in the same order, so both give the same bytes.
/// </summary>
internal sealed class SrgbConversion
{
    internal const int MaxTags = 100;
    private const double ColorantTolerance = 0.005;
    private const double CurveTolerance = 0.002;
    private const int EncodeSteps = 65536;

    // sRGB's colorants as the sRGB IEC61966-2.1 profile gives them (D50-adapted); rows X, Y, Z; columns red, green, blue.
    private static readonly double[,] SrgbD50 =
    {
        { 0.4360747, 0.3850649, 0.1430804 },
        { 0.2225045, 0.7168786, 0.0606169 },
        { 0.0139322, 0.0971045, 0.7141733 },
    };

    // Its inverse, written out (not computed) so that both sides start from the same numbers.
    private static readonly double[,] SrgbD50Inverse =
    {
        { 3.1338563677916524, -1.6168667702911808, -0.49061477279830157 },
        { -0.9787685631270271, 1.9161415526243253, 0.03345411630253724 },
        { 0.07194516828173432, -0.2289912772988825, 1.4052426741535713 },
    };

    // Linear light, in 1/65536 steps, to an sRGB level: 0.05 of a level at the darkest, exact to the rounding elsewhere.
    private static readonly Lazy<byte[]> Encode = new(() =>
    {
        var table = new byte[EncodeSteps + 1];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (byte)Math.Floor((255 * LinearToSrgb(i / (double)EncodeSteps)) + 0.5);
        }

        return table;
    });

    private readonly double[][] _linear; // each channel's 256 levels in linear light
    private readonly double[] _matrix; // row-major, linear profile RGB -> linear sRGB

    private SrgbConversion(double[][] linear, double[] matrix)
    {
        _linear = linear;
        _matrix = matrix;
    }

    /// <summary>The conversion a profile asks for; null when there is no profile, it is sRGB, or it is not one this reads.</summary>
    public static SrgbConversion? For(byte[]? profile)
    {
        if (profile is null || Parse(profile) is not { } parsed)
        {
            return null;
        }

        var (colorants, curves) = parsed;

        var linear = new double[3][];
        double colorantGap = 0, curveGap = 0;
        for (int channel = 0; channel < 3; channel++)
        {
            linear[channel] = new double[256];
            for (int v = 0; v < 256; v++)
            {
                linear[channel][v] = curves[channel].Evaluate(v / 255.0);
                if (double.IsNaN(linear[channel][v]))
                {
                    return null;
                }

                curveGap = Math.Max(curveGap, Math.Abs(linear[channel][v] - SrgbToLinear(v / 255.0)));
            }

            for (int row = 0; row < 3; row++)
            {
                colorantGap = Math.Max(colorantGap, Math.Abs(colorants[row, channel] - SrgbD50[row, channel]));
            }
        }

        if (colorantGap <= ColorantTolerance && curveGap <= CurveTolerance)
        {
            return null;
        }

        var matrix = new double[9];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                matrix[(3 * i) + j] = (SrgbD50Inverse[i, 0] * colorants[0, j]) + (SrgbD50Inverse[i, 1] * colorants[1, j]) + (SrgbD50Inverse[i, 2] * colorants[2, j]);
            }
        }

        return new SrgbConversion(linear, matrix);
    }

    /// <summary>
    /// Converts 8-bit RGB pixels in place; <paramref name="bytesPerPixel"/> is 3 for RGB and 4 for RGBA (alpha is left
    /// alone). Colours outside sRGB are clipped to its edge.
    /// </summary>
    public void Apply(Span<byte> pixels, int bytesPerPixel)
    {
        var encode = Encode.Value;
        double[] red = _linear[0], green = _linear[1], blue = _linear[2];
        var m = _matrix;
        for (int at = 0; at + 2 < pixels.Length; at += bytesPerPixel)
        {
            double r = red[pixels[at]], g = green[pixels[at + 1]], b = blue[pixels[at + 2]];
            for (int channel = 0; channel < 3; channel++)
            {
                double value = (r * m[3 * channel]) + (g * m[(3 * channel) + 1]) + (b * m[(3 * channel) + 2]);
                value = Math.Min(Math.Max(value, 0.0), 1.0);
                pixels[at + channel] = encode[(int)Math.Floor((value * EncodeSteps) + 0.5)];
            }
        }
    }

    private static double SrgbToLinear(double v) => v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);

    private static double LinearToSrgb(double v) => v <= 0.0031308 ? 12.92 * v : (1.055 * Math.Pow(v, 1 / 2.4)) - 0.055;

    // RGB data, the XYZ connection space, the three colorants and the three curves, and no lookup table (a profile with
    // A2B tables means them to be used instead of the matrix).
    private static (double[,] Colorants, ToneCurve[] Curves)? Parse(ReadOnlySpan<byte> profile)
    {
        if (profile.Length < 132 || !profile[16..20].SequenceEqual("RGB "u8) || !profile[20..24].SequenceEqual("XYZ "u8))
        {
            return null;
        }

        uint count = BinaryPrimitives.ReadUInt32BigEndian(profile[128..]);
        if (count > MaxTags || 132 + (12 * count) > profile.Length)
        {
            return null;
        }

        var tags = new Dictionary<uint, Range>();
        for (int i = 0; i < count; i++)
        {
            var entry = profile[(132 + (12 * i))..];
            uint signature = BinaryPrimitives.ReadUInt32BigEndian(entry);
            uint offset = BinaryPrimitives.ReadUInt32BigEndian(entry[4..]);
            uint size = BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
            if ((ulong)offset + size > (ulong)profile.Length)
            {
                return null;
            }

            tags.TryAdd(signature, (int)offset..(int)(offset + size)); // the first of a repeated tag, as the reference keeps
        }

        if (tags.ContainsKey(Signature("A2B0")) || tags.ContainsKey(Signature("A2B1")) || tags.ContainsKey(Signature("A2B2")))
        {
            return null;
        }

        var colorants = new double[3, 3];
        var curves = new ToneCurve[3];
        ReadOnlySpan<string> colorantTags = ["rXYZ", "gXYZ", "bXYZ"];
        ReadOnlySpan<string> curveTags = ["rTRC", "gTRC", "bTRC"];
        for (int channel = 0; channel < 3; channel++)
        {
            if (!tags.TryGetValue(Signature(colorantTags[channel]), out var xyzAt) || !tags.TryGetValue(Signature(curveTags[channel]), out var curveAt))
            {
                return null;
            }

            var xyz = profile[xyzAt];
            if (xyz.Length < 20 || !xyz.StartsWith("XYZ "u8) || ToneCurve.Read(profile[curveAt]) is not { } curve)
            {
                return null;
            }

            for (int row = 0; row < 3; row++)
            {
                colorants[row, channel] = ToneCurve.IccFixed(xyz, 8 + (4 * row));
            }

            curves[channel] = curve;
        }

        return (colorants, curves);
    }

    private static uint Signature(string name) => BinaryPrimitives.ReadUInt32BigEndian(System.Text.Encoding.ASCII.GetBytes(name));
}
