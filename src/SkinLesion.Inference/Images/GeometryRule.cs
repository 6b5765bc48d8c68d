using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace SkinLesion.Inference.Images;

/// <summary>
/// The geometry rule of docs/model-contract.md, implemented once for the whole service:
/// EXIF orientation, alpha composited on white, portrait rotated 90° clockwise, centre crop to the
/// model's aspect ratio, bicubic resize (antialiased when downscaling). An image that already has the
/// model's size passes through untouched, which keeps byte-for-byte parity with the Python reference.
/// </summary>
internal static class GeometryRule
{
    /// <summary>Applies the rule to a decoded image with alpha and returns a new RGB image of exactly targetWidth x targetHeight.</summary>
    internal static Image<Rgb24> Apply(Image<Rgba32> decoded, int targetWidth, int targetHeight)
    {
        OrientAndCrop(decoded, targetWidth, targetHeight);

        // Compositing is per pixel, so doing it after the crop is equivalent to doing it first and
        // touches fewer pixels.
        var rgb = CompositeOnWhite(decoded);
        try
        {
            ResizeToTarget(rgb, targetWidth, targetHeight);
            return rgb;
        }
        catch
        {
            rgb.Dispose();
            throw;
        }
    }

    /// <summary>Applies the rule in place to an opaque RGB image (a decoded JPEG, or a PNG with nothing to composite).</summary>
    internal static void ApplyInPlace(Image<Rgb24> decoded, int targetWidth, int targetHeight)
    {
        OrientAndCrop(decoded, targetWidth, targetHeight);
        ResizeToTarget(decoded, targetWidth, targetHeight);
    }

    private static void OrientAndCrop<TPixel>(Image<TPixel> image, int targetWidth, int targetHeight)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        image.Mutate(context =>
        {
            context.AutoOrient();
            var size = context.GetCurrentSize();
            var (rotate, crop) = Frame(size.Width, size.Height, targetWidth, targetHeight);
            if (rotate)
            {
                context.Rotate(RotateMode.Rotate90);
                size = context.GetCurrentSize();
            }

            if (crop.Width != size.Width || crop.Height != size.Height)
            {
                context.Crop(crop);
            }
        });
    }

    /// <summary>
    /// What the rule does to an oriented image of the given size: whether it is turned 90° clockwise, and the crop
    /// taken from the (turned) image. <see cref="GeometryMapping"/> undoes exactly these decisions.
    /// </summary>
    internal static (bool Rotate, Rectangle Crop) Frame(int orientedWidth, int orientedHeight, int targetWidth, int targetHeight)
    {
        // Dermoscopic images have no canonical "up"; the model is trained on landscape 4:3 with
        // rotations, so a portrait image is turned rather than cropped to a thin band.
        bool rotate = orientedHeight > orientedWidth;
        var (width, height) = rotate ? (orientedHeight, orientedWidth) : (orientedWidth, orientedHeight);
        return (rotate, CentreCrop(width, height, targetWidth, targetHeight));
    }

    // Skipped when the size already matches, so model-sized uploads reach the model bit-for-bit.
    private static void ResizeToTarget(Image<Rgb24> image, int targetWidth, int targetHeight)
    {
        if (image.Width != targetWidth || image.Height != targetHeight)
        {
            image.Mutate(context => context.Resize(new ResizeOptions
            {
                Size = new Size(targetWidth, targetHeight),
                Mode = ResizeMode.Stretch,
                Sampler = KnownResamplers.Bicubic,
                Compand = false,
            }));
        }
    }

    /// <summary>
    /// By how much a JPEG is reduced while it is decoded (libjpeg's DCT scaling: 1, 2, 4 or 8): the largest factor
    /// that still leaves at least twice the model's size on both sides of the landscape frame. Twice is the margin
    /// Pillow's thumbnail and libvips keep before their final filter (reducing gap 2), so the bicubic pass that
    /// follows still has real detail to antialias; docs/decisions/0013-reduced-jpeg-decoding.md.
    /// training/skinlesion/preprocess.py (jpeg_scale_denominator) repeats this arithmetic.
    /// </summary>
    internal static int JpegScaleDenominator(int width, int height, int targetWidth, int targetHeight)
    {
        int longSide = Math.Max(width, height);
        int shortSide = Math.Min(width, height);
        foreach (int denominator in ReducedScales)
        {
            if (longSide / denominator >= 2 * targetWidth && shortSide / denominator >= 2 * targetHeight)
            {
                return denominator;
            }
        }

        return 1;
    }

    /// <summary>A side of a JPEG decoded at 1/denominator scale, rounded up as libjpeg rounds it.</summary>
    internal static int ScaledSide(int side, int denominator) => (side + denominator - 1) / denominator;

    private static readonly int[] ReducedScales = [8, 4, 2];

    /// <summary>
    /// The largest centred rectangle with the target aspect ratio, in the integer arithmetic of
    /// training/skinlesion/preprocess.py (round half up, left/top offset floored) so crops agree to the pixel.
    /// </summary>
    internal static Rectangle CentreCrop(int width, int height, int targetWidth, int targetHeight)
    {
        long wide = (long)width * targetHeight;
        long tall = (long)height * targetWidth;
        if (wide > tall)
        {
            int cropWidth = (int)Math.Clamp((((long)height * targetWidth) + (targetHeight / 2)) / targetHeight, 1, width);
            return new Rectangle((width - cropWidth) / 2, 0, cropWidth, height);
        }

        if (wide < tall)
        {
            int cropHeight = (int)Math.Clamp((((long)width * targetHeight) + (targetWidth / 2)) / targetWidth, 1, height);
            return new Rectangle(0, (height - cropHeight) / 2, width, cropHeight);
        }

        return new Rectangle(0, 0, width, height);
    }

    /// <summary>Alpha over an opaque white background, rounded to nearest; opaque pixels are copied exactly.</summary>
    internal static Image<Rgb24> CompositeOnWhite(Image<Rgba32> source)
    {
        var target = new Image<Rgb24>(source.GetConfiguration(), source.Width, source.Height);
        source.ProcessPixelRows(target, static (sourceAccessor, targetAccessor) =>
        {
            for (int y = 0; y < sourceAccessor.Height; y++)
            {
                var sourceRow = sourceAccessor.GetRowSpan(y);
                var targetRow = targetAccessor.GetRowSpan(y);
                for (int x = 0; x < sourceRow.Length; x++)
                {
                    var p = sourceRow[x];
                    if (p.A == byte.MaxValue)
                    {
                        targetRow[x] = new Rgb24(p.R, p.G, p.B);
                        continue;
                    }

                    int a = p.A;
                    int background = byte.MaxValue * (byte.MaxValue - a);
                    targetRow[x] = new Rgb24(
                        (byte)(((p.R * a) + background + 127) / byte.MaxValue),
                        (byte)(((p.G * a) + background + 127) / byte.MaxValue),
                        (byte)(((p.B * a) + background + 127) / byte.MaxValue));
                }
            }
        });
        return target;
    }
}
