namespace SkinLesion.Inference.Images;

/// <summary>
/// How a CMYK or YCCK JPEG becomes RGB: the reference's rule (training/skinlesion/preprocess.py, cmyk_to_rgb) on the
/// CMYK samples libjpeg-turbo decodes, which are Pillow's once Adobe's inverted storage is undone
/// (docs/decisions/0056-cmyk-jpegs-and-where-orientation-is-read.md).
/// </summary>
internal static class CmykJpeg
{
    /// <summary>
    /// Stored (Adobe-inverted) CMYK samples, four bytes a pixel, to RGB, three: with c = 255 - stored C and
    /// light = stored K (255 - K), R = light - c x light / 255, the division rounded as Pillow's MULDIV255 rounds it.
    /// </summary>
    internal static void ToRgb(ReadOnlySpan<byte> storedCmyk, Span<byte> rgb)
    {
        if (storedCmyk.Length % 4 != 0 || rgb.Length != storedCmyk.Length / 4 * 3)
        {
            throw new ArgumentException("RGB must hold three bytes for every four CMYK bytes.", nameof(rgb));
        }

        for (int source = 0, target = 0; source < storedCmyk.Length; source += 4, target += 3)
        {
            int light = storedCmyk[source + 3];
            rgb[target] = Ink(storedCmyk[source], light);
            rgb[target + 1] = Ink(storedCmyk[source + 1], light);
            rgb[target + 2] = Ink(storedCmyk[source + 2], light);
        }
    }

    private static byte Ink(int stored, int light)
    {
        int product = ((255 - stored) * light) + 128;
        return (byte)(light - (((product >> 8) + product) >> 8));
    }
}
