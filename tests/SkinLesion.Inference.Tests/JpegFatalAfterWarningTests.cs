using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;
using SkinLesion.Tests.Shared.Fuzzing;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// libjpeg-turbo reports a fatal error that follows a warning in the same decode as a warning; such a file is refused
/// as damaged, as Pillow refuses it, not taken as decoded (its buffer never written: a blank picture).
/// </summary>
public sealed class JpegFatalAfterWarningTests
{
    [Fact]
    public void Prepare_ProgressiveJpegWithAWarningThenAFatalScanError_RefusedAsCorrupt()
    {
        // Arrange: a progressive JPEG whose second scan names a component the frame lacks (fatal), alone and with stray
        // bytes before that scan (libjpeg's "extraneous bytes" warning first).
        var transcoder = TurboJpegTranscoder.TryLoad();
        Assert.NotNull(transcoder);
        byte[] progressive = transcoder.Transcode(TestImages.LesionJpeg(1600, 1200), progressive: true)!;
        int secondScan = ScanOffsets(progressive)[1];
        byte[] badScan = (byte[])progressive.Clone();
        badScan[secondScan + 5] = 0x77; // the scan's first component selector
        byte[] warnedFirst = [.. badScan.AsSpan(0, secondScan), .. Enumerable.Repeat((byte)0x55, 64), .. badScan.AsSpan(secondScan)];
        var preprocessor = new ImagePreprocessor(new ImageOptions { JpegDecoder = JpegDecoderChoice.LibJpegTurbo }, 200, 150, TimeProvider.System);

        foreach (var damaged in new[] { badScan, warnedFirst })
        {
            // Act
            var header = preprocessor.Inspect(damaged);
            var refusal = Assert.Throws<ImageRejectedException>(() => preprocessor.Prepare(damaged, header).Dispose());

            // Assert
            Assert.Equal(ImageRejectionReason.Corrupt, refusal.Reason);
        }
    }

    private static List<int> ScanOffsets(byte[] jpeg)
    {
        var offsets = new List<int>();
        var walk = new JpegSegmentWalk(jpeg);
        while (walk.MoveNext())
        {
            if (walk.Marker == 0xDA)
            {
                offsets.Add(walk.Offset);
            }
        }

        return offsets;
    }
}
