using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace SkinLesion.Tests.Shared.Fuzzing;

/// <summary>A valid upload the mutations start from.</summary>
internal sealed record FuzzSeed(string Name, byte[] Bytes)
{
    public bool IsPng => Bytes.AsSpan().StartsWith(PngChunks.Signature);

    public override string ToString() => $"{Name} ({Bytes.Length:N0} bytes)";
}

/// <summary>
/// The seed corpus: real, valid PNGs and JPEGs written by ImageSharp's encoders from the lesion-like test
/// image, covering the variants the decoders branch on (bit depth, colour type, palette, Adam7 interlacing,
/// chroma subsampling, greyscale, EXIF orientation, text chunks), plus progressive
/// JPEGs transcoded losslessly from them by libjpeg-turbo. Small (about 100 px a side) so that one case
/// decodes in about a millisecond and 10,000 cases fit in CI.
/// </summary>
internal static class FuzzSeeds
{
    public static IReadOnlyList<FuzzSeed> Create(TurboJpegTranscoder? transcoder)
    {
        var seeds = new List<FuzzSeed>();
        using var landscape = TestImages.Lesion(96, 72, seed: 11);
        using var portrait = TestImages.Lesion(72, 96, seed: 12);
        using var larger = TestImages.Lesion(320, 240, seed: 13);
        using var translucent = landscape.Clone();
        translucent.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    row[x].A = (byte)(x % 7 * 42);
                }
            }
        });

        Png("png-rgb8", landscape, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 });
        Png("png-rgba8-translucent", translucent, new PngEncoder { ColorType = PngColorType.RgbWithAlpha, BitDepth = PngBitDepth.Bit8 });
        Png("png-rgb16", landscape, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit16 });
        Png("png-rgba16", translucent, new PngEncoder { ColorType = PngColorType.RgbWithAlpha, BitDepth = PngBitDepth.Bit16 });
        Png("png-palette8", landscape, new PngEncoder { ColorType = PngColorType.Palette, BitDepth = PngBitDepth.Bit8 });
        Png("png-palette4", landscape, new PngEncoder { ColorType = PngColorType.Palette, BitDepth = PngBitDepth.Bit4 });
        Png("png-palette8-translucent", translucent, new PngEncoder { ColorType = PngColorType.Palette, BitDepth = PngBitDepth.Bit8 });
        Png("png-grey8", landscape, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });
        Png("png-grey16", landscape, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16 });
        Png("png-grey-alpha8", translucent, new PngEncoder { ColorType = PngColorType.GrayscaleWithAlpha, BitDepth = PngBitDepth.Bit8 });
        Png("png-rgb8-adam7", landscape, new PngEncoder { ColorType = PngColorType.Rgb, InterlaceMethod = PngInterlaceMode.Adam7 });
        Png("png-rgba16-adam7", translucent, new PngEncoder { ColorType = PngColorType.RgbWithAlpha, BitDepth = PngBitDepth.Bit16, InterlaceMethod = PngInterlaceMode.Adam7 });
        Png("png-palette8-adam7", landscape, new PngEncoder { ColorType = PngColorType.Palette, InterlaceMethod = PngInterlaceMode.Adam7 });
        Png("png-rgb8-portrait", portrait, new PngEncoder { ColorType = PngColorType.Rgb });
        seeds.Add(new FuzzSeed("png-grey1", TestImages.HugeBlackPng(96, 72)));

        using (var withText = landscape.Clone())
        {
            var png = withText.Metadata.GetPngMetadata();
            png.TextData.Add(new PngTextData("Comment", new string('x', 300), string.Empty, string.Empty));
            png.TextData.Add(new PngTextData("Description", "dermoscopy " + new string('y', 2000), "en", "Beschreibung"));
            withText.Metadata.ExifProfile = Exif(orientation: 3);
            Png("png-rgb8-text-exif", withText, new PngEncoder { ColorType = PngColorType.Rgb, TextCompressionThreshold = 1024 });
        }

        Jpeg("jpeg-420-q75", landscape, new JpegEncoder { Quality = 75, ColorType = JpegColorType.YCbCrRatio420 });
        Jpeg("jpeg-444-q95", landscape, new JpegEncoder { Quality = 95, ColorType = JpegColorType.YCbCrRatio444 });
        Jpeg("jpeg-422-q90", landscape, new JpegEncoder { Quality = 90, ColorType = JpegColorType.YCbCrRatio422 });
        Jpeg("jpeg-411-q85", landscape, new JpegEncoder { Quality = 85, ColorType = JpegColorType.YCbCrRatio411 });
        Jpeg("jpeg-grey-q90", landscape, new JpegEncoder { Quality = 90, ColorType = JpegColorType.Luminance });
        Jpeg("jpeg-rgb-q90", landscape, new JpegEncoder { Quality = 90, ColorType = JpegColorType.Rgb });
        Jpeg("jpeg-cmyk-q90", landscape, new JpegEncoder { Quality = 90, ColorType = JpegColorType.Cmyk });
        Jpeg("jpeg-420-portrait", portrait, new JpegEncoder { Quality = 80 });
        Jpeg("jpeg-420-320x240", larger, new JpegEncoder { Quality = 85 });
        using (var rotated = portrait.Clone())
        {
            rotated.Metadata.ExifProfile = Exif(orientation: 6);
            Jpeg("jpeg-420-exif-orientation6", rotated, new JpegEncoder { Quality = 85 });
        }

        if (transcoder is not null)
        {
            foreach (var baseline in seeds.Where(s => s.Name is "jpeg-420-q75" or "jpeg-444-q95" or "jpeg-grey-q90" or "jpeg-420-exif-orientation6").ToList())
            {
                Transcoded(transcoder, baseline, "progressive");
            }
        }

        return seeds;

        void Png(string name, Image<Rgba32> image, PngEncoder encoder)
        {
            using var output = new MemoryStream();
            image.Save(output, encoder);
            seeds.Add(new FuzzSeed(name, output.ToArray()));
        }

        void Jpeg(string name, Image<Rgba32> image, JpegEncoder encoder)
        {
            using var output = new MemoryStream();
            image.Save(output, encoder);
            seeds.Add(new FuzzSeed(name, output.ToArray()));
        }

        void Transcoded(TurboJpegTranscoder libjpeg, FuzzSeed baseline, string kind)
        {
            if (libjpeg.Transcode(baseline.Bytes, progressive: true) is { } bytes)
            {
                seeds.Add(new FuzzSeed($"{baseline.Name}-{kind}", bytes));
            }
        }
    }

    private static ExifProfile Exif(ushort orientation)
    {
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, orientation);
        exif.SetValue(ExifTag.ImageDescription, "fuzz seed");
        return exif;
    }
}
