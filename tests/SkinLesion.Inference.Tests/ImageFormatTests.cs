using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

[Collection(ShippedModelGroup.Name)]
public sealed class ImageFormatTests(ClassifierFixture fixture)
{
    private readonly SkinLesionClassifier _classifier = fixture.Classifier;

    public static TheoryData<byte[], string> NonImageFormats => new()
    {
        { TestImages.DocxPrefix, "ZIP" },
        { TestImages.GifPrefix, "GIF" },
        { TestImages.WebpPrefix, "WebP" },
        { TestImages.BmpPrefix, "BMP" },
        { TestImages.TiffPrefix, "TIFF" },
        { TestImages.PdfPrefix, "PDF" },
        { TestImages.SvgPrefix, "SVG" },
    };

    [Theory]
    [MemberData(nameof(NonImageFormats))]
    public void Inspect_NonPngJpegBytes_RejectsAsUnsupportedAndNamesTheFormat(byte[] prefix, string expectedName)
    {
        // Arrange
        var bytes = TestImages.WithPadding(prefix);

        // Act
        var rejection = Assert.Throws<ImageRejectedException>(() => _classifier.Inspect(bytes));

        // Assert
        Assert.Equal(ImageRejectionReason.UnsupportedFormat, rejection.Reason);
        Assert.Contains(expectedName, rejection.DetectedFormat, StringComparison.Ordinal);
        Assert.Contains("PNG", rejection.Message, StringComparison.Ordinal);
        Assert.Contains("JPEG", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_EmptyBytes_RejectsAsEmpty()
    {
        var rejection = Assert.Throws<ImageRejectedException>(() => _classifier.Inspect(ReadOnlyMemory<byte>.Empty));

        Assert.Equal(ImageRejectionReason.Empty, rejection.Reason);
    }

    [Fact]
    public void Inspect_PngAndJpeg_ReportsFormatAndHeaderSize()
    {
        var png = _classifier.Inspect(TestImages.LesionPng(320, 240));
        var jpeg = _classifier.Inspect(TestImages.LesionJpeg(640, 480));

        Assert.Equal(new ImageHeader(AcceptedImageFormat.Png, 320, 240), png);
        Assert.Equal(new ImageHeader(AcceptedImageFormat.Jpeg, 640, 480), jpeg);
    }

    [Fact]
    public void Inspect_HugePngHeader_RejectsWithoutDecoding()
    {
        // Arrange: 20000x20000 would need 1.6 GB as RGBA; the file itself is tiny.
        var png = TestImages.HugeBlackPng(20_000, 20_000);
        Assert.True(png.Length < 1_000_000, $"generated PNG is {png.Length} bytes");
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        // Act
        var rejection = Assert.Throws<ImageRejectedException>(() => _classifier.Inspect(png));

        // Assert: refused from the header, and nothing image-sized was allocated.
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal(ImageRejectionReason.TooManyPixels, rejection.Reason);
        Assert.Equal(20_000, rejection.Width);
        Assert.Equal(20_000, rejection.Height);
        Assert.Contains("20000x20000", rejection.Message, StringComparison.Ordinal);
        Assert.True(allocated < 20_000_000, $"Inspect allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task Classify_HugePng_RejectsBeforeDecoding()
    {
        var png = TestImages.HugeBlackPng(20_000, 20_000);

        var rejection = await Assert.ThrowsAsync<ImageRejectedException>(() => _classifier.ClassifyAsync(png));

        Assert.Equal(ImageRejectionReason.TooManyPixels, rejection.Reason);
    }

    [Theory]
    [InlineData(63, 200)]
    [InlineData(200, 40)]
    public void Inspect_SideBelowMinimum_RejectsAsTooSmall(int width, int height)
    {
        var png = TestImages.LesionPng(width, height);

        var rejection = Assert.Throws<ImageRejectedException>(() => _classifier.Inspect(png));

        Assert.Equal(ImageRejectionReason.TooSmall, rejection.Reason);
        Assert.Contains($"{width}x{height}", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_TruncatedJpeg_RejectsAsCorrupt()
    {
        var jpeg = TestImages.LesionJpeg(400, 300);

        var rejection = await Assert.ThrowsAsync<ImageRejectedException>(() => _classifier.ClassifyAsync(jpeg.AsMemory(0, jpeg.Length / 2)));

        Assert.Equal(ImageRejectionReason.Corrupt, rejection.Reason);
    }

    [Fact]
    public async Task Classify_TruncatedPng_RejectsAsCorrupt()
    {
        var png = TestImages.LesionPng(400, 300);

        var rejection = await Assert.ThrowsAsync<ImageRejectedException>(() => _classifier.ClassifyAsync(png.AsMemory(0, png.Length / 2)));

        Assert.Equal(ImageRejectionReason.Corrupt, rejection.Reason);
    }

    [Fact]
    public async Task Classify_JpegWithThousandsOfScans_RejectsAsCorruptBeforeDecoding()
    {
        // Arrange: the file's scan repeated until it has 1,000, as a progressive-JPEG bomb repeats empty refinement scans.
        var jpeg = TestImages.LesionJpeg(400, 300);
        int scan = jpeg.AsSpan().LastIndexOf([(byte)0xFF, (byte)0xDA]);
        int end = jpeg.AsSpan().LastIndexOf([(byte)0xFF, (byte)0xD9]);
        var repeated = jpeg[scan..end];
        byte[] bomb = [.. jpeg[..end], .. Enumerable.Repeat(repeated, 999).SelectMany(bytes => bytes), .. jpeg[end..]];

        // Act
        var rejection = await Assert.ThrowsAsync<ImageRejectedException>(() => _classifier.ClassifyAsync(bomb));

        // Assert
        Assert.Equal(ImageRejectionReason.Corrupt, rejection.Reason);
        Assert.Contains("more than 100 scans", rejection.Message, StringComparison.Ordinal);
        Assert.Null(rejection.Width); // refused before the header was read, so before any decoder
    }

    [Fact]
    public async Task Classify_PngWithGarbageAfterSignature_RejectsAsCorrupt()
    {
        byte[] garbage = [.. TestImages.WithPadding([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 4096), .. "IEND"u8.ToArray()];

        var rejection = await Assert.ThrowsAsync<ImageRejectedException>(() => _classifier.ClassifyAsync(garbage));

        Assert.Equal(ImageRejectionReason.Corrupt, rejection.Reason);
    }

    [Fact]
    public async Task Classify_JpegWithCorruptScanData_NeverThrowsAnythingButARejection()
    {
        // Arrange: flip bytes in the middle of the entropy-coded data, keep the markers.
        var jpeg = TestImages.LesionJpeg(400, 300);
        var random = new Random(11);
        for (int i = jpeg.Length / 3; i < jpeg.Length - 200; i += 7)
        {
            jpeg[i] = (byte)random.Next(256);
        }

        // Act
        var exception = await Record.ExceptionAsync(() => _classifier.ClassifyAsync(jpeg));

        // Assert: ImageSharp may conceal the damage (then it classifies) or refuse it (then 422).
        Assert.True(exception is null or ImageRejectedException, $"unexpected {exception?.GetType()}");
    }
}
