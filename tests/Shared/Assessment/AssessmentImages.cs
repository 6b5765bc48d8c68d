using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Tests.Assessment;

/// <summary>
/// Images made for the screening: a dermoscopy-like lesion it accepts, which the shipped model classifies as a
/// nevus with confidence; featureless images (solid colour, smooth gradient) that the texture floor refuses; and
/// non-dermoscopic ones (noise, a photograph) that the distance check refuses. Shared with the browser tests.
/// </summary>
internal static class AssessmentImages
{
    /// <summary>
    /// A soft-edged, irregular brown lesion on skin with texture at two scales (value noise about three model-input
    /// pixels and about a twelfth of the short side), drawn relative to the short side so every size looks the same
    /// to the model. The fine texture's scale was picked (among side/50, /75, /100, /150) so the shipped screening
    /// accepts it: with model 1.1.0 and artifact 1.2.0 it is classified as nv at 0.90-0.92, p(malignant) about 0.05,
    /// embedding distance about 1000 (threshold 2496) and early-stage distance 470-570 (threshold 728) at 200x150 to
    /// 1024x768, PNG or JPEG. With the finer texture used until artifact 1.1.0 (side/150) the early-stage distance is
    /// 900-1500 and it is refused. TestImages.Lesion, with a hard edge and pixel noise, is refused as not dermoscopic.
    /// </summary>
    public static Image<Rgb24> DermoscopyLike(int width, int height, int seed = 7)
    {
        var random = new Random(seed);
        double side = Math.Min(width, height);
        var fine = new ValueNoise(random, width, height, side / 50);
        var coarse = new ValueNoise(random, width, height, side / 12);
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    double dx = (x + 0.5 - (width / 2.0)) / side, dy = (y + 0.5 - (height / 2.0)) / side;
                    double angle = Math.Atan2(dy, dx);
                    double radius = 0.36 * (1 + (0.10 * Math.Sin((3 * angle) + 1)) + (0.06 * Math.Sin((5 * angle) + 2)));
                    double d = Math.Sqrt((dx * dx) + (dy * dy)) / radius;
                    double lesion = 1 / (1 + Math.Exp((d - 1) / 0.1));
                    double core = Math.Clamp(1 - d, 0, 1);
                    double noise = (fine.At(x, y) * 6) + (coarse.At(x, y) * 14);
                    row[x] = new Rgb24(
                        Channel(226, 150, 95, lesion, core, noise),
                        Channel(170, 95, 55, lesion, core, noise),
                        Channel(150, 70, 40, lesion, core, noise));
                }
            }
        });
        return image;
    }

    public static byte[] DermoscopyLikePng(int width = 640, int height = 480)
    {
        using var image = DermoscopyLike(width, height);
        return TestImages.Png(image);
    }

    public static byte[] DermoscopyLikeJpeg(int width = 640, int height = 480)
    {
        using var image = DermoscopyLike(width, height);
        return TestImages.Jpeg(image);
    }

    private static byte Channel(double skin, double rim, double centre, double lesion, double core, double noise) =>
        (byte)Math.Clamp(Math.Round((skin * (1 - lesion)) + (((rim * (1 - core)) + (centre * core)) * lesion) + noise), 0, 255);

    /// <summary>
    /// A portrait photograph (astronaut Eileen Collins, public domain) shipped by Debian's python3-skimage, which CI
    /// installs; use with <c>[SystemFileFact(AssessmentImages.PhotoPath, AssessmentImages.PhotoPackage)]</c>. Not
    /// skimage's cat (chelsea.png): the distance check lets it through (ADR 0009), and the model calls it uncertain.
    /// </summary>
    public const string PhotoPath = "/usr/lib/python3/dist-packages/skimage/data/astronaut.png";

    public const string PhotoPackage = "python3-skimage";

    public static byte[] Photo() => File.ReadAllBytes(PhotoPath);

    /// <summary>One skin-toned colour everywhere.</summary>
    public static byte[] SolidPng(int width = 640, int height = 480)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(224, 172, 150));
        return TestImages.Png(image);
    }

    /// <summary>A smooth diagonal gradient from light skin to brown: shading, but no detail.</summary>
    public static byte[] GradientPng(int width = 640, int height = 480)
    {
        using var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    double t = ((double)x / width + (double)y / height) / 2;
                    row[x] = new Rgb24((byte)(230 - (110 * t)), (byte)(190 - (120 * t)), (byte)(170 - (120 * t)));
                }
            }
        });
        return TestImages.Png(image);
    }

    /// <summary>The dermoscopy-like lesion without its colour, as one-channel (L8) PNG: textured, but greyscale.</summary>
    public static byte[] GreyscalePng(int width = 640, int height = 480)
    {
        using var colour = DermoscopyLike(width, height);
        using var grey = colour.CloneAs<L8>();
        return TestImages.Png(grey);
    }

    /// <summary>The same, as a three-channel RGB JPEG whose pixels are grey (as a converted export stores it).</summary>
    public static byte[] GreyscaleRgbJpeg(int width = 640, int height = 480)
    {
        using var colour = DermoscopyLike(width, height);
        using var grey = colour.CloneAs<L8>();
        using var rgb = grey.CloneAs<Rgb24>();
        return TestImages.Jpeg(rgb);
    }

    /// <summary>Uniform RGB noise: plenty of texture, nothing like skin.</summary>
    public static byte[] NoisePng(int width = 400, int height = 300, int seed = 11)
    {
        var random = new Random(seed);
        using var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            Span<byte> pixel = stackalloc byte[3];
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    random.NextBytes(pixel);
                    row[x] = new Rgb24(pixel[0], pixel[1], pixel[2]);
                }
            }
        });
        return TestImages.Png(image);
    }
}
