using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace SkinLesion.Inference.Images;

/// <summary>
/// A 16-bit PNG's samples brought to 8 bits as the Python reference brings them: Pillow keeps each sample's high byte
/// (v >> 8), where ImageSharp's own conversion rounds (v / 257); the two differ by one level on about a sixth of the
/// values, enough to move a probability past the parity test's tolerance.
/// </summary>
internal static class SixteenBitPng
{
    private const int BitDepthOffset = 24; // signature 8, IHDR length 4 and type 4, width 4, height 4

    internal static bool Is(ReadOnlySpan<byte> png) => png.Length > BitDepthOffset && png[BitDepthOffset] == 16;

    internal static Image<Rgb24> HighBytes(Image<Rgb48> wide) =>
        Narrow(wide, (in Rgb48 p) => new Rgb24((byte)(p.R >> 8), (byte)(p.G >> 8), (byte)(p.B >> 8)));

    internal static Image<Rgba32> HighBytes(Image<Rgba64> wide) =>
        Narrow(wide, (in Rgba64 p) => new Rgba32((byte)(p.R >> 8), (byte)(p.G >> 8), (byte)(p.B >> 8), (byte)(p.A >> 8)));

    private delegate TNarrow HighByte<TWide, TNarrow>(in TWide pixel);

    private static Image<TNarrow> Narrow<TWide, TNarrow>(Image<TWide> wide, HighByte<TWide, TNarrow> highByte)
        where TWide : unmanaged, IPixel<TWide>
        where TNarrow : unmanaged, IPixel<TNarrow>
    {
        var narrow = new Image<TNarrow>(wide.GetConfiguration(), wide.Width, wide.Height);
        wide.ProcessPixelRows(narrow, (source, target) =>
        {
            for (int y = 0; y < source.Height; y++)
            {
                var from = source.GetRowSpan(y);
                var to = target.GetRowSpan(y);
                for (int x = 0; x < from.Length; x++)
                {
                    to[x] = highByte(in from[x]);
                }
            }
        });
        return narrow;
    }
}
