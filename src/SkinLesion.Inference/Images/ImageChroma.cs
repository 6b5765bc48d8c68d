namespace SkinLesion.Inference.Images;

/// <summary>
/// How much colour the model-input image holds: per pixel the largest of the three channels minus the smallest (0 for a
/// grey pixel), averaged over the image, in grey levels (0-255). A dermatoscope records colour and the model reads it
/// (pigment network, blue-white veil, vessels): of the 13,386 dermoscopic images the project holds (HAM10000, ISIC 2016
/// and 2017, the archive extras) the least colourful measures 4.1 and the median about 50 (ADR 0049). A greyscale
/// picture measures 0 however it is stored (one channel or three equal ones, PNG or JPEG, 8 or 16 bits).
/// </summary>
public static class ImageChroma
{
    public static double MeanChroma(ReadOnlySpan<byte> rgb, int width, int height)
    {
        if (width < 1 || height < 1 || rgb.Length != width * height * 3)
        {
            throw new ArgumentException($"Expected {width}x{height} RGB pixels ({width * height * 3} bytes), got {rgb.Length}.", nameof(rgb));
        }

        long sum = 0;
        for (int i = 0; i < rgb.Length; i += 3)
        {
            int r = rgb[i], g = rgb[i + 1], b = rgb[i + 2];
            sum += Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b));
        }

        return (double)sum / (width * height);
    }
}
