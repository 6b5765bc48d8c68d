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

    // A mask is black and white; its outline's anti-aliasing or a JPEG's ringing greys a few pixels. A photograph given
    // as a mask is mostly mid-grey, and was scored as one (a Dice of 0.2 reported as the segmentation's).
    private const double MaxMidGreyShare = 0.10;

    /// <summary>
    /// Decodes a PNG or JPEG mask; anything else, a damaged file, or an image that is not black and white is an
    /// <see cref="InvalidDataException"/> naming <paramref name="name"/>.
    /// </summary>
    public static ReferenceMask Decode(byte[] file, string name)
    {
        using var image = Load(file, name);
        var lesion = new bool[image.Width * image.Height];
        long midGrey = 0;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    byte grey = row[x].PackedValue;
                    lesion[(y * rows.Width) + x] = grey >= 128;
                    midGrey += grey is > 32 and < 223 ? 1 : 0;
                }
            }
        });
        if (midGrey > MaxMidGreyShare * lesion.Length)
        {
            throw new InvalidDataException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The reference mask of {name} is not a black-and-white mask: {100.0 * midGrey / lesion.Length:0}% of its pixels are mid-grey (a mask is 0 outside the lesion and 255 inside)."));
        }

        return new ReferenceMask(image.Width, image.Height, lesion);
    }

    private static Image<L8> Load(byte[] file, string name)
    {
        try
        {
            return Image.Load<L8>(PngAndJpegOnly, file);
        }
        catch (UnknownImageFormatException ex)
        {
            // ImageSharp's own message lists its decoders over several lines.
            throw new InvalidDataException($"The reference mask of {name} is neither a PNG nor a JPEG.", ex);
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
