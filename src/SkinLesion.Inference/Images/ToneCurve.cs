using System.Buffers.Binary;

namespace SkinLesion.Inference.Images;

/// <summary>
/// One channel's tone curve from an ICC profile (a <c>curv</c> or <c>para</c> tag): an encoded value in [0, 1] to linear
/// light. training/skinlesion/colour.py evaluates the same formulas in the same order.
/// </summary>
internal sealed class ToneCurve
{
    /// <summary>A table longer than this is not read (the largest camera profiles hold 4096 entries).</summary>
    internal const int MaxEntries = 65536;

    private readonly Func<double, double> _evaluate;

    private ToneCurve(Func<double, double> evaluate) => _evaluate = evaluate;

    /// <summary>Linear light for an encoded value; NaN where the curve cannot be evaluated (the profile is then not read).</summary>
    public double Evaluate(double x) => _evaluate(x);

    /// <summary>The curve a tag holds; null when the tag is of another type or does not fit its own lengths.</summary>
    public static ToneCurve? Read(ReadOnlySpan<byte> tag)
    {
        if (tag.Length < 12)
        {
            return null;
        }

        if (tag.StartsWith("curv"u8))
        {
            uint count = BinaryPrimitives.ReadUInt32BigEndian(tag[8..]);
            if (count > MaxEntries || 12 + (2 * count) > tag.Length)
            {
                return null;
            }

            if (count == 0)
            {
                return new ToneCurve(x => x);
            }

            if (count == 1)
            {
                double gamma = BinaryPrimitives.ReadUInt16BigEndian(tag[12..]) / 256.0;
                return new ToneCurve(x => Math.Pow(x, gamma));
            }

            var table = new double[count];
            for (int i = 0; i < table.Length; i++)
            {
                table[i] = BinaryPrimitives.ReadUInt16BigEndian(tag[(12 + (2 * i))..]) / 65535.0;
            }

            return new ToneCurve(x => Interpolate(table, x));
        }

        if (tag.StartsWith("para"u8))
        {
            int kind = BinaryPrimitives.ReadUInt16BigEndian(tag[8..]);
            int needed = kind switch { 0 => 1, 1 => 3, 2 => 4, 3 => 5, 4 => 7, _ => -1 };
            if (needed < 0 || 12 + (4 * needed) > tag.Length)
            {
                return null;
            }

            var p = new double[needed];
            for (int i = 0; i < needed; i++)
            {
                p[i] = IccFixed(tag, 12 + (4 * i));
            }

            return kind is 1 or 2 && p[1] == 0 ? null : new ToneCurve(x => Clamped(Parametric(kind, p, x)));
        }

        return null;
    }

    // A power that overflows (a huge gamma) or divides by zero (a negative one at 0) is NaN, which makes the profile
    // unreadable: the reference's Python raises there, and a curve that cannot be evaluated describes no colour.
    private static double Clamped(double value) => double.IsFinite(value) ? Math.Min(Math.Max(value, 0.0), 1.0) : double.NaN;

    /// <summary>An ICC s15Fixed16Number at <paramref name="offset"/>.</summary>
    internal static double IccFixed(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadInt32BigEndian(data[offset..]) / 65536.0;

    private static double Interpolate(double[] table, double x)
    {
        double position = x * (table.Length - 1);
        int i = (int)Math.Floor(position);
        return i >= table.Length - 1 ? table[^1] : table[i] + ((position - i) * (table[i + 1] - table[i]));
    }

    // ICC's parametricCurveType, functions 0-4 (ICC.1:2010 10.18).
    private static double Parametric(int kind, double[] p, double x)
    {
        double g = p[0];
        if (kind == 0)
        {
            return Math.Pow(x, g);
        }

        double a = p[1], b = p[2];
        if (kind == 1)
        {
            return x >= -b / a ? Math.Pow(Math.Max((a * x) + b, 0.0), g) : 0.0;
        }

        if (kind == 2)
        {
            return x >= -b / a ? Math.Pow(Math.Max((a * x) + b, 0.0), g) + p[3] : p[3];
        }

        double c = p[3], d = p[4];
        return kind == 3
            ? x >= d ? Math.Pow(Math.Max((a * x) + b, 0.0), g) : c * x
            : x >= d ? Math.Pow(Math.Max((a * x) + b, 0.0), g) + p[5] : (c * x) + p[6];
    }
}
