using SixLabors.ImageSharp.PixelFormats;

namespace SkinLesion.Inference.Explanation;

/// <summary>
/// The viridis colour map (perceptually uniform, readable in greyscale and by most colour-blind
/// viewers). Control points are every 16th entry (0, 16, ..., 240) plus the last (255) of the
/// 256-entry table published by van der Walt and Smith in matplotlib's _cm_listed.py
/// (`_viridis_data`; also github.com/BIDS/colormap, released under CC0); values between them are
/// interpolated linearly in sRGB (the table is smooth enough that 17 points reproduce it closely).
/// </summary>
internal static class Viridis
{
    private static readonly double[][] ControlPoints =
    [
        [0.267004, 0.004874, 0.329415],
        [0.282327, 0.094955, 0.417331],
        [0.278826, 0.175490, 0.483397],
        [0.258965, 0.251537, 0.524736],
        [0.229739, 0.322361, 0.545706],
        [0.199430, 0.387607, 0.554642],
        [0.172719, 0.448791, 0.557885],
        [0.149039, 0.508051, 0.557250],
        [0.127568, 0.566949, 0.550556],
        [0.120638, 0.625828, 0.533488],
        [0.157851, 0.683765, 0.501686],
        [0.246070, 0.738910, 0.452024],
        [0.369214, 0.788888, 0.382914],
        [0.515992, 0.831158, 0.294279],
        [0.678489, 0.863742, 0.189503],
        [0.845561, 0.887322, 0.099702],
        [0.993248, 0.906157, 0.143936],
    ];

    // Table positions of the control points, in units of the 256-entry table.
    private static readonly int[] Positions = [0, 16, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 255];

    private static readonly Rgb24[] Lut = BuildLut();

    /// <summary>The colour for a value in 0..1 (clamped; NaN maps to 0).</summary>
    internal static Rgb24 At(float value)
    {
        float v = float.IsNaN(value) ? 0 : Math.Clamp(value, 0, 1);
        return Lut[(int)MathF.Round(v * 255)];
    }

    private static Rgb24[] BuildLut()
    {
        var lut = new Rgb24[256];
        for (int i = 0; i < 256; i++)
        {
            int segment = 0;
            while (segment < Positions.Length - 2 && i > Positions[segment + 1])
            {
                segment++;
            }

            double t = (double)(i - Positions[segment]) / (Positions[segment + 1] - Positions[segment]);
            var a = ControlPoints[segment];
            var b = ControlPoints[segment + 1];
            lut[i] = new Rgb24(Channel(a[0], b[0], t), Channel(a[1], b[1], t), Channel(a[2], b[2], t));
        }

        return lut;
    }

    private static byte Channel(double a, double b, double t) => (byte)Math.Round(((a + ((b - a) * t)) * 255), MidpointRounding.AwayFromZero);
}
