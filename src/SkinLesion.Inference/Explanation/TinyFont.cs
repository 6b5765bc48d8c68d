using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SkinLesion.Inference.Explanation;

/// <summary>3x5 pixel glyphs for the legend's few characters.</summary>
internal static class TinyFont
{
    private static readonly Dictionary<char, string[]> Glyphs = new()
    {
        ['0'] = ["###", "#.#", "#.#", "#.#", "###"],
        ['1'] = [".#.", "##.", ".#.", ".#.", "###"],
        ['5'] = ["###", "#..", "###", "..#", "###"],
        ['.'] = ["...", "...", "...", "...", ".#."],
    };

    internal static void Draw(PixelAccessor<Rgb24> rows, string text, int left, int top, Rgb24 ink)
    {
        for (int c = 0; c < text.Length; c++)
        {
            var glyph = Glyphs[text[c]];
            for (int gy = 0; gy < glyph.Length; gy++)
            {
                var row = rows.GetRowSpan(top + gy);
                for (int gx = 0; gx < 3; gx++)
                {
                    if (glyph[gy][gx] == '#')
                    {
                        row[left + (c * 4) + gx] = ink;
                    }
                }
            }
        }
    }
}
