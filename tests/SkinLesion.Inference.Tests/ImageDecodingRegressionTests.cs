using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared.Fuzzing;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// Inputs the fuzzer (ImageDecodingFuzzTests, default seed) found escaping the documented outcomes, kept as
/// fixed cases: each is regenerated from its case number, so the bytes are exactly what the fuzzer made.
/// </summary>
public sealed class ImageDecodingRegressionTests
{
    private static readonly UploadFuzzer Fuzzer = new(FuzzSeeds.Create(TurboJpegTranscoder.TryLoad()), FuzzSettings.DefaultSeed);

    private readonly ImagePreprocessor _preprocessor = new(new ImageOptions(), 200, 150, TimeProvider.System);

    [Fact]
    public void MalformedExifBlock_IsIgnored_NotAnEscapedException()
    {
        // Case 863: a JPEG with an APP1 EXIF block whose IFD entries claim values outside the block. ImageSharp
        // parses EXIF lazily, so reading the orientation threw ArgumentOutOfRangeException (a 500).
        var fuzzCase = Fuzzer.Generate(863);
        Assert.Contains("jpeg-exif-hostile", fuzzCase.Mutation, StringComparison.Ordinal);

        var header = _preprocessor.Inspect(fuzzCase.Bytes);
        using var prepared = _preprocessor.Prepare(fuzzCase.Bytes, header);

        Assert.Equal(1, header.Orientation);
        Assert.Equal(200 * 150 * 3, prepared.Pixels.Length);
    }

    [Fact]
    public void CompressedTextBomb_IsRefusedAsCorrupt_BeforeImageSharpInflatesIt()
    {
        // Case 830: a 260 KB PNG whose zTXt/iTXt chunk inflates to 256 MB; ImageSharp inflated it whole into a
        // string while reading the header (14 s and gigabytes).
        var fuzzCase = Fuzzer.Generate(830);
        Assert.Contains("png-ztxt-bomb", fuzzCase.Mutation, StringComparison.Ordinal);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var rejection = Assert.Throws<ImageRejectedException>(() => _preprocessor.Inspect(fuzzCase.Bytes));

        Assert.Equal(ImageRejectionReason.Corrupt, rejection.Reason);
        Assert.Contains("metadata", rejection.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 20_000_000, "the bomb was inflated into memory");
    }

    [Theory]
    [InlineData(1785, "png-idat-corrupt-resigned")] // flipped bits in the IDAT, CRC re-signed
    [InlineData(2409, "truncate-keep-terminator")] // IDAT split, then cut short with IEND kept
    [InlineData(3749, "png-split-idat")] // IDAT split, another chunk inserted between the pieces
    public async Task InterlacedPngWithDamagedImageData_IsRefusedAsCorrupt_InsteadOfLoopingForever(int caseNumber, string mutation)
    {
        // 16-bit RGBA Adam7 PNGs whose zlib data is damaged or ends early: ImageSharp 2.1's decoder never returned.
        var fuzzCase = Fuzzer.Generate(caseNumber);
        Assert.Contains(mutation, fuzzCase.Mutation, StringComparison.Ordinal);

        var decode = Task.Run(() => _preprocessor.Prepare(fuzzCase.Bytes, _preprocessor.Inspect(fuzzCase.Bytes)));
        var finished = await Task.WhenAny(decode, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.Same(decode, finished);
        var rejection = await Assert.ThrowsAsync<ImageRejectedException>(() => decode);
        Assert.Equal(ImageRejectionReason.Corrupt, rejection.Reason);
    }
}
