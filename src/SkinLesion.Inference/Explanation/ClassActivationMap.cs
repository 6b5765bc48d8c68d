using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

using SkinLesion.Inference.Model;

namespace SkinLesion.Inference.Explanation;

/// <summary>
/// Turns the graph's `cam` output into a <see cref="ClassExplanation"/>. Everything here is
/// single-threaded scalar arithmetic on fixed inputs, so the same image always yields the same bytes.
/// </summary>
internal static class ClassActivationMap
{
    /// <summary>Map values at or above this fraction of the maximum form the reported bounding box.</summary>
    internal const double BoundingBoxFraction = 0.5;

    /// <summary>How strongly the colour map covers the image; the lesion must stay recognisable under it.</summary>
    private const float OverlayAlpha = 0.45f;

    private const int LegendHeight = 22;

    internal const string ColourMapName = "viridis";

    internal static string Note(string classCode, int camWidth, int camHeight) =>
        $"Class activation map of '{classCode}', the reported class: the model's classifier weights for that class applied to its last feature map ({camWidth}x{camHeight} cells over the image), bilinearly upsampled, negative values (evidence against the class) set to 0 and the rest divided by the maximum, and drawn with the viridis colour map (dark purple = least evidence, yellow = most; legend below the image). The image is the upload as the model saw it: rotated to landscape, centre-cropped to 4:3 and resized to 200x150. The bounding box encloses the map at or above {BoundingBoxFraction:0.##} of its maximum. A coarse indication of where the evidence for the class lies, not a segmentation.";

    /// <summary>
    /// Builds the explanation from the model-input pixels (NHWC RGB, width x height) and one class's
    /// cam channel (camHeight x camWidth, row-major).
    /// </summary>
    internal static ClassExplanation Explain(ReadOnlyMemory<byte> pixels, int width, int height, ReadOnlySpan<float> camChannel, int camWidth, int camHeight, int classIndex, string classCode, double spanX = 1, double spanY = 1)
    {
        var map = Upsample(camChannel, camWidth, camHeight, width, height, spanX, spanY);
        Normalise(map);
        var box = BoundingBoxOf(map, width, height, (float)BoundingBoxFraction);
        byte[] png = Render(pixels, map, width, height);
        return new ClassExplanation(classIndex, classCode, png, width, height + LegendHeight, width, height, box, BoundingBoxFraction, ColourMapName, Note(classCode, camWidth, camHeight))
        {
            Map = map,
        };
    }

    /// <summary>
    /// Bilinear upsampling with half-pixel centres. The graph stretches the 200x150 input to a square of
    /// networkSize pixels, and cam cell j covers network pixels [j x stride, (j + 1) x stride): the grid spans
    /// <paramref name="spanX"/> (<paramref name="spanY"/>) times the input in each axis (cells x stride /
    /// networkSize, <see cref="GridSpan"/>; 1 for 7 cells at 224, less when the last stage drops a remainder), so
    /// cell j is centred on input pixel (j + 0.5) x span x width / camWidth, and half-pixel sampling puts each value
    /// exactly there.
    /// </summary>
    internal static float[] Upsample(ReadOnlySpan<float> cam, int camWidth, int camHeight, int width, int height, double spanX = 1, double spanY = 1)
    {
        var result = new float[width * height];
        for (int y = 0; y < height; y++)
        {
            double sy = Math.Clamp(((y + 0.5) * camHeight / (height * spanY)) - 0.5, 0, camHeight - 1);
            int y0 = (int)sy;
            int y1 = Math.Min(y0 + 1, camHeight - 1);
            double fy = sy - y0;
            for (int x = 0; x < width; x++)
            {
                double sx = Math.Clamp(((x + 0.5) * camWidth / (width * spanX)) - 0.5, 0, camWidth - 1);
                int x0 = (int)sx;
                int x1 = Math.Min(x0 + 1, camWidth - 1);
                double fx = sx - x0;
                double top = (cam[(y0 * camWidth) + x0] * (1 - fx)) + (cam[(y0 * camWidth) + x1] * fx);
                double bottom = (cam[(y1 * camWidth) + x0] * (1 - fx)) + (cam[(y1 * camWidth) + x1] * fx);
                result[(y * width) + x] = (float)((top * (1 - fy)) + (bottom * fy));
            }
        }

        return result;
    }

    /// <summary>
    /// The share of the input one axis of the cam grid covers: cells x stride / networkSize from the manifest's
    /// <c>input.networkSize</c> and <c>camStride</c>; 1 (the grid spans the input) when the manifest gives neither.
    /// </summary>
    internal static double GridSpan(int cells, ManifestInput input, int? camStride) =>
        input.NetworkSize is int size && camStride is int stride ? (double)cells * stride / size : 1;

    /// <summary>
    /// Keeps the positive part and divides by the maximum (the Grad-CAM convention, Selvaraju et al.
    /// 2017): a positive value is evidence for the class, a negative one evidence against it, and only
    /// the former answers "where did the model see this class". Chosen over min-max scaling (Zhou et
    /// al. 2016) on HAM10000 validation images, where it put more of the map's mass inside the lesion
    /// masks (0.525 vs 0.507 over 200 images). A map with no positive value becomes all 0.
    /// </summary>
    internal static void Normalise(float[] map)
    {
        float max = 0;
        foreach (float value in map)
        {
            max = Math.Max(max, value);
        }

        if (!(max > 1e-12f) || !float.IsFinite(max))
        {
            Array.Clear(map);
            return;
        }

        for (int i = 0; i < map.Length; i++)
        {
            map[i] = Math.Max(map[i], 0) / max;
        }
    }

    /// <summary>The smallest rectangle holding every pixel at or above fraction x max; the whole image for a flat map.</summary>
    internal static PixelBox BoundingBoxOf(float[] map, int width, int height, float fraction)
    {
        float max = map.Max();
        if (max <= 0)
        {
            return new PixelBox(0, 0, width, height);
        }

        float threshold = fraction * max;
        int left = width, top = height, right = -1, bottom = -1;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (map[(y * width) + x] >= threshold)
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    top = Math.Min(top, y);
                    bottom = Math.Max(bottom, y);
                }
            }
        }

        return new PixelBox(left, top, right - left + 1, bottom - top + 1);
    }

    private static byte[] Render(ReadOnlyMemory<byte> pixels, float[] map, int width, int height)
    {
        using var image = new Image<Rgb24>(width, height + LegendHeight, new Rgb24(255, 255, 255));
        image.ProcessPixelRows(rows =>
        {
            var rgb = pixels.Span;
            for (int y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < width; x++)
                {
                    int p = ((y * width) + x) * 3;
                    var colour = Viridis.At(map[(y * width) + x]);
                    row[x] = new Rgb24(
                        Blend(rgb[p], colour.R),
                        Blend(rgb[p + 1], colour.G),
                        Blend(rgb[p + 2], colour.B));
                }
            }

            DrawLegend(rows, width, height);
        });

        using var stream = new MemoryStream();

        // Fixed encoder settings on a freshly created image (no metadata, no timestamps): the bytes
        // depend only on the pixels.
        image.Save(stream, new PngEncoder { CompressionLevel = PngCompressionLevel.DefaultCompression, ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 });
        return stream.ToArray();
    }

    private static byte Blend(byte under, byte over) =>
        (byte)Math.Clamp((int)MathF.Round((under * (1 - OverlayAlpha)) + (over * OverlayAlpha)), 0, 255);

    /// <summary>
    /// A colour bar from 0 (left) to 1 (right) with tick marks and the labels "0", "0.5" and "1",
    /// drawn with a tiny bitmap font because the library carries no font files (and should not need
    /// any to say where the scale starts and ends).
    /// </summary>
    private static void DrawLegend(PixelAccessor<Rgb24> rows, int width, int height)
    {
        const int barTop = 2;
        const int barHeight = 8;
        int margin = 4;
        int barWidth = width - (2 * margin);
        for (int y = barTop; y < barTop + barHeight; y++)
        {
            var row = rows.GetRowSpan(height + y);
            for (int x = 0; x < barWidth; x++)
            {
                row[margin + x] = Viridis.At(barWidth == 1 ? 0 : (float)x / (barWidth - 1));
            }
        }

        var ink = new Rgb24(0, 0, 0);
        foreach (var (fraction, label) in new[] { (0.0, "0"), (0.5, "0.5"), (1.0, "1") })
        {
            int tickX = margin + (int)Math.Round(fraction * (barWidth - 1));
            for (int y = barTop + barHeight; y < barTop + barHeight + 2; y++)
            {
                rows.GetRowSpan(height + y)[tickX] = ink;
            }

            int textWidth = (label.Length * 4) - 1;
            int textX = Math.Clamp(tickX - (textWidth / 2), 0, width - textWidth);
            TinyFont.Draw(rows, label, textX, height + barTop + barHeight + 3, ink);
        }
    }
}
