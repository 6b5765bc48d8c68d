using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace SkinLesion.Inference.Images;

/// <summary>The copy of an upload a page shows (ADR 0058): a large image smaller and upright, anything else as it came.</summary>
internal sealed partial class ImagePreprocessor
{
    /// <summary>
    /// The upload as a page shows it (<see cref="DisplayImage"/>). A JPEG longer than <see cref="DisplayImage.MaxSide"/>
    /// is decoded by libjpeg-turbo at the smallest DCT scale that keeps at least that many pixels on its long side (so a
    /// 6000x4000 file is decoded at 3000x2000, not in full), turned upright, fitted within the square and encoded at JPEG
    /// quality 85. A PNG that long is decoded again in full (PNG has no reduced decode), fitted the same way and encoded
    /// as PNG, keeping its transparency. Anything else, or a JPEG libjpeg-turbo is not decoding here, is the file without
    /// its metadata.
    /// </summary>
    internal DisplayImage DisplayCopyOf(ReadOnlyMemory<byte> data, ImageHeader header)
    {
        data = EncodingSlack.Remove(data);
        if (DisplayScaleDenominator(header) is { } denominator)
        {
            using var image = TryDecodeWithLibJpegTurbo(data.Span, header with { JpegScaleDenominator = denominator });
            if (image is not null)
            {
                FitForDisplay(image, header.Colour);
                using var encoded = new MemoryStream();
                image.SaveAsJpeg(encoded, new JpegEncoder { Quality = 85 });
                return new DisplayImage(encoded.ToArray(), AcceptedImageFormat.Jpeg, image.Width, image.Height, Downscaled: true);
            }
        }

        if (IsLongPng(header))
        {
            // The same pixels the model's path decoded (it has checked the file), at 8 bits; only orientation is kept.
            using var image = Decode<Rgba32>(data, header);
            FitForDisplay(image, header.Colour);
            image.Metadata.IccProfile = null;
            image.Metadata.XmpProfile = null;
            image.Metadata.IptcProfile = null;
            image.Metadata.GetPngMetadata().TextData.Clear();
            using var encoded = new MemoryStream();
            var colour = PngTransparency.IsComposited(data.Span) ? PngColorType.RgbWithAlpha : PngColorType.Rgb;
            image.SaveAsPng(encoded, new PngEncoder { ColorType = colour, BitDepth = PngBitDepth.Bit8 });
            return new DisplayImage(encoded.ToArray(), AcceptedImageFormat.Png, image.Width, image.Height, Downscaled: true);
        }

        return DisplayImage.AsUploaded(data.Span, header);
    }

    /// <summary>The decoded pixels <see cref="DisplayCopyOf"/> holds for this upload (none beyond the file's bytes when it is not scaled).</summary>
    internal long DisplayChargedPixels(ImageHeader header) =>
        DisplayScaleDenominator(header) is { } denominator
            ? (long)GeometryRule.ScaledSide(header.Width, denominator) * GeometryRule.ScaledSide(header.Height, denominator)
            : IsLongPng(header) ? header.Pixels : 0;

    private static bool IsLongPng(ImageHeader header) =>
        header.Format == AcceptedImageFormat.Png && Math.Max(header.Width, header.Height) > DisplayImage.MaxSide;

    // Upright (the decoders leave the orientation in the metadata), within the square, without the EXIF block, and in
    // sRGB: the copy is written without the profile, so a browser shows its pixels as sRGB.
    private static void FitForDisplay<TPixel>(Image<TPixel> image, SrgbConversion? colour)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        image.Mutate(context => context
            .AutoOrient()
            .Resize(new ResizeOptions { Mode = ResizeMode.Max, Size = new Size(DisplayImage.MaxSide, DisplayImage.MaxSide), Sampler = KnownResamplers.Bicubic }));
        image.Metadata.ExifProfile = null;
        if (colour is not null)
        {
            int bytesPerPixel = Unsafe.SizeOf<TPixel>();
            image.ProcessPixelRows(rows =>
            {
                for (int y = 0; y < rows.Height; y++)
                {
                    colour.Apply(MemoryMarshal.AsBytes(rows.GetRowSpan(y)), bytesPerPixel);
                }
            });
        }
    }

    private int? DisplayScaleDenominator(ImageHeader header)
    {
        int longSide = Math.Max(header.Width, header.Height);
        if (header.Format != AcceptedImageFormat.Jpeg || _libJpegTurbo is null || longSide <= DisplayImage.MaxSide)
        {
            return null;
        }

        int denominator = 8;
        while (denominator > 1 && GeometryRule.ScaledSide(longSide, denominator) < DisplayImage.MaxSide)
        {
            denominator /= 2;
        }

        return denominator;
    }
}
