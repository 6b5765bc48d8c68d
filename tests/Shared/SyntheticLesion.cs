using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace SkinLesion.Tests.Shared;

/// <summary>
/// A dark elliptical "lesion" on skin-coloured, slightly noisy background, drawn as a viewer displays it, with the
/// ellipse's own mask as the truth: the outline a server returns, drawn back onto this frame, must cover it. The file
/// can be written with an EXIF orientation, its pixels stored so that a viewer honouring the tag shows the drawing.
/// </summary>
internal sealed class SyntheticLesion : IDisposable
{
    private SyntheticLesion(int width, int height, bool[] truth, Image<Rgb24> displayed)
    {
        Width = width;
        Height = height;
        Truth = truth;
        Displayed = displayed;
    }

    /// <summary>Displayed width (after orientation).</summary>
    public int Width { get; }

    /// <summary>Displayed height (after orientation).</summary>
    public int Height { get; }

    /// <summary>Row-major over the displayed frame: whether each pixel's centre is inside the ellipse.</summary>
    public bool[] Truth { get; }

    /// <summary>The image as it should be displayed.</summary>
    public Image<Rgb24> Displayed { get; }

    /// <summary>The share of the displayed image the ellipse covers.</summary>
    public double AreaFraction => (double)Truth.Count(inside => inside) / Truth.Length;

    /// <summary>
    /// An ellipse centred at (cx, cy) as fractions of the displayed sides, with semi-axes rx and ry as fractions of the
    /// shorter side, turned by <paramref name="degrees"/>. Skin and lesion carry soft texture at two scales and the
    /// lesion darkens towards its centre, as in the screening's own test images (AssessmentImages.DermoscopyLike), so
    /// the service's screening accepts it; the edge's half-way line is the ellipse itself, which is the truth.
    /// </summary>
    public static SyntheticLesion Ellipse(int width, int height, double cx, double cy, double rx, double ry, double degrees, int seed = 11)
    {
        var random = new Random(seed);
        double shorter = Math.Min(width, height);
        var fine = new ValueNoise(random, width, height, shorter / 50);
        var coarse = new ValueNoise(random, width, height, shorter / 12);
        double centreX = cx * width, centreY = cy * height, a = rx * shorter, b = ry * shorter;
        double cos = Math.Cos(degrees * Math.PI / 180), sin = Math.Sin(degrees * Math.PI / 180);
        var truth = new bool[width * height];
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    double dx = x + 0.5 - centreX, dy = y + 0.5 - centreY;
                    double u = ((dx * cos) + (dy * sin)) / a, v = ((-dx * sin) + (dy * cos)) / b;
                    double d = Math.Sqrt((u * u) + (v * v));
                    truth[(y * width) + x] = d <= 1;

                    // A soft edge whose half-way line is the ellipse: a sharp cut-out looks pasted on to the screening.
                    double lesion = 1 / (1 + Math.Exp((d - 1) / 0.05));
                    double core = Math.Clamp(1 - d, 0, 1);
                    double noise = (fine.At(x, y) * 6) + (coarse.At(x, y) * 12);
                    row[x] = new Rgb24(
                        Channel(226, 150, 95, lesion, core, noise),
                        Channel(170, 95, 55, lesion, core, noise),
                        Channel(150, 70, 40, lesion, core, noise));
                }
            }
        });
        return new SyntheticLesion(width, height, truth, image);
    }

    /// <summary>A JPEG whose stored pixels, turned by the given EXIF orientation (1-8), display as <see cref="Displayed"/>.</summary>
    public byte[] Jpeg(ushort orientation = 1, int quality = 92) => Encode(orientation, new JpegEncoder { Quality = quality });

    /// <summary>A PNG of the displayed image (no orientation tag).</summary>
    public byte[] Png() => Encode(1, new PngEncoder());

    /// <summary>Intersection over union of a pixel mask of the displayed frame with the ellipse.</summary>
    public double IntersectionOverUnion(bool[] mask)
    {
        int both = 0, either = 0;
        for (int i = 0; i < Truth.Length; i++)
        {
            both += Truth[i] && mask[i] ? 1 : 0;
            either += Truth[i] || mask[i] ? 1 : 0;
        }

        return either == 0 ? 0 : (double)both / either;
    }

    public void Dispose() => Displayed.Dispose();

    private static byte Channel(double skin, double rim, double centre, double lesion, double core, double noise) =>
        (byte)Math.Clamp(Math.Round((skin * (1 - lesion)) + (((rim * (1 - core)) + (centre * core)) * lesion) + noise), 0, 255);

    private byte[] Encode(ushort orientation, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        // The stored pixels are the displayed ones turned back: each case is the inverse of what the tag asks a viewer to do.
        using var stored = Displayed.Clone(context =>
        {
            switch (orientation)
            {
                case 2: context.Flip(FlipMode.Horizontal); break;
                case 3: context.Rotate(RotateMode.Rotate180); break;
                case 4: context.Flip(FlipMode.Vertical); break;
                case 5: context.Rotate(RotateMode.Rotate90).Flip(FlipMode.Horizontal); break;
                case 6: context.Rotate(RotateMode.Rotate270); break;
                case 7: context.Rotate(RotateMode.Rotate270).Flip(FlipMode.Horizontal); break;
                case 8: context.Rotate(RotateMode.Rotate90); break;
                default: break;
            }
        });
        if (orientation != 1)
        {
            stored.Metadata.ExifProfile = new ExifProfile();
            stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        }

        using var memory = new MemoryStream();
        stored.Save(memory, encoder);
        return memory.ToArray();
    }
}
