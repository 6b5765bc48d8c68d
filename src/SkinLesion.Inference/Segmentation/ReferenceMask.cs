using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkinLesion.Inference.Images;

namespace SkinLesion.Inference.Segmentation;

/// <summary>
/// A reference lesion mask (e.g. HAM10000's masks/ISIC_xxxxxxx_segmentation.png: 8-bit grey, 255 = lesion) as a pixel
/// mask of its image: a pixel is lesion when its grey level is at least half-way (128), as training reads the masks.
/// For evaluation against trusted data sets; uploads never come here.
/// </summary>
public sealed record ReferenceMask(int Width, int Height, bool[] Lesion)
{
    // Only the two formats this project reads anywhere: a trusted data set's mask still goes through no other decoder.
    private static readonly Configuration PngAndJpegOnly = DecoderConfiguration.PngAndJpegOnly();

    /// <summary>Decodes a PNG or JPEG mask; anything else, or a damaged file, is an <see cref="InvalidDataException"/> naming <paramref name="name"/>.</summary>
    public static ReferenceMask Decode(byte[] file, string name)
    {
        using var image = Load(file, name);
        var lesion = new bool[image.Width * image.Height];
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    lesion[(y * rows.Width) + x] = row[x].PackedValue >= 128;
                }
            }
        });
        return new ReferenceMask(image.Width, image.Height, lesion);
    }

    private static Image<L8> Load(byte[] file, string name)
    {
        try
        {
            return Image.Load<L8>(PngAndJpegOnly, file);
        }
        catch (ImageFormatException ex)
        {
            throw new InvalidDataException($"The reference mask of {name} cannot be read as a PNG or JPEG: {ex.Message}", ex);
        }
    }

    /// <summary>The returned outline drawn onto this mask's grid (<see cref="Polygon.Rasterize"/>); nothing when no lesion was outlined.</summary>
    public bool[] Draw(Lesion lesion)
    {
        ArgumentNullException.ThrowIfNull(lesion);
        return lesion.Found ? Polygon.Rasterize(lesion.Outline, Width, Height) : new bool[Width * Height];
    }
}
