using System.ComponentModel.DataAnnotations;

namespace SkinLesion.Inference.Images;

/// <summary>What images are accepted before decoding, and how JPEGs are decoded (configuration section SkinLesion:Images).</summary>
public sealed class ImageOptions
{
    public const string SectionName = "SkinLesion:Images";

    /// <summary>Largest accepted width x height, checked from the header before any pixel is decoded.</summary>
    /// <remarks>A double range: the int one converts the value to an int first, and a value past 2^31 crashed startup unnamed.</remarks>
    [Range(1d, 400_000_000d)]
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>Smallest accepted width or height; smaller images carry too little detail to classify.</summary>
    [Range(1, 10_000)]
    public int MinSide { get; set; } = 64;

    /// <summary>See docs/decisions/0004-jpeg-decoder.md.</summary>
    /// <remarks>Checked to be one of the names: the binder also takes a number, and an undefined one would silently act as Auto.</remarks>
    [EnumDataType(typeof(JpegDecoderChoice), ErrorMessage = "JpegDecoder must be Auto, LibJpegTurbo or ImageSharp.")]
    public JpegDecoderChoice JpegDecoder { get; set; } = JpegDecoderChoice.Auto;

    /// <summary>
    /// Whether libjpeg-turbo decodes large JPEGs at 1/2, 1/4 or 1/8 scale (docs/decisions/0013-reduced-jpeg-decoding.md).
    /// Off decodes every pixel: slower and more memory, and no longer what the Python reference does for those images.
    /// </summary>
    public bool ReducedJpegDecoding { get; set; } = true;
}
