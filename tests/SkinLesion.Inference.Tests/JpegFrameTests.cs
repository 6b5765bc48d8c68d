using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;
using SkinLesion.Tests.Shared.Fuzzing;

namespace SkinLesion.Inference.Tests;

/// <summary>What a JPEG's frame header decides before any pixel is decoded: refusals of what is not decoded, and the budget charge.</summary>
public sealed class JpegFrameTests
{
    private readonly ImagePreprocessor _preprocessor = new(new ImageOptions(), 200, 150, TimeProvider.System);

    [Theory]
    [InlineData(0xC9, 8, "arithmetic coding")]
    [InlineData(0xCA, 8, "arithmetic coding")]
    [InlineData(0xC3, 8, "lossless coding")]
    [InlineData(0xC5, 8, "hierarchical coding")]
    [InlineData(0xC1, 12, "12-bit samples")]
    public void Inspect_JpegOfACodingProcessNotDecodedHere_RefusedNamingIt(byte marker, byte precision, string named)
    {
        // Arrange: an ordinary JPEG whose frame header says otherwise.
        var jpeg = JpegSegments.WithFrame(TestImages.LesionJpeg(640, 480), marker, precision);

        // Act
        var refusal = Assert.Throws<ImageRejectedException>(() => _preprocessor.Inspect(jpeg));

        // Assert: said as what it is, with what to do, before any decoder saw it.
        Assert.Equal(ImageRejectionReason.Corrupt, refusal.Reason);
        Assert.Contains($"The JPEG file uses {named}, which this service does not decode", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Re-export the image as an ordinary JPEG or as PNG", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_LargeJpeg_ChargedWhatItsDecodeHolds()
    {
        // Arrange: the same 2000x1500 picture as a baseline file and, losslessly, as a progressive one.
        var baseline = TestImages.LesionJpeg(2000, 1500);
        var transcoder = TurboJpegTranscoder.TryLoad();
        Assert.True(transcoder is not null, "libturbojpeg is not installed (.ci/run installs it)");
        var progressive = transcoder.Transcode(baseline, progressive: true);
        Assert.NotNull(progressive);

        // Act
        var plain = _preprocessor.Inspect(baseline);
        var refined = _preprocessor.Inspect(progressive);

        // Assert: both are decoded reduced; the progressive one is charged its full size, since libjpeg keeps every
        // coefficient of the full frame while it refines the scans.
        Assert.True(plain.JpegScaleDenominator > 1 && refined.JpegScaleDenominator == plain.JpegScaleDenominator, $"scale 1/{plain.JpegScaleDenominator}, 1/{refined.JpegScaleDenominator}");
        Assert.Equal(plain.DecodedPixels, plain.ChargedPixels);
        Assert.Equal(2000L * 1500, refined.ChargedPixels);
    }

    [Fact]
    public void Prepare_ExifBlockAfterTheScan_IgnoredByEitherDecoder()
    {
        // Arrange: an orientation-3 EXIF block placed just before EOI, where Identify, libjpeg-turbo and Pillow do not
        // look; ImageSharp's full decode does.
        var plain = TestImages.LesionJpeg(400, 300);
        byte[] exifSegment;
        using (var image = new Image<Rgb24>(64, 48))
        using (var withExif = new MemoryStream())
        {
            image.Metadata.ExifProfile = new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)3);
            image.Save(withExif, new JpegEncoder());
            var bytes = withExif.ToArray();
            var app1 = JpegSegments.Parse(bytes).First(segment => segment.Marker == 0xE1);
            exifSegment = bytes[app1.Start..app1.End];
        }

        byte[] trailing = [.. plain[..^2], .. exifSegment, .. plain[^2..]];
        var imageSharp = new ImagePreprocessor(new ImageOptions { JpegDecoder = JpegDecoderChoice.ImageSharp }, 200, 150, TimeProvider.System);

        foreach (var preprocessor in new[] { _preprocessor, imageSharp })
        {
            // Act
            using var expected = preprocessor.Prepare(plain, preprocessor.Inspect(plain));
            var header = preprocessor.Inspect(trailing);
            using var actual = preprocessor.Prepare(trailing, header);

            // Assert
            Assert.Equal(1, header.Orientation);
            Assert.True(expected.Pixels.Span.SequenceEqual(actual.Pixels.Span), "the pixels were turned by an EXIF block after the scan");
        }
    }
}
