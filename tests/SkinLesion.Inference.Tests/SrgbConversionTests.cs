using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;
using SkinLesion.Tests.Shared.Fuzzing;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// Which embedded profiles the preprocessing converts (ADR 0062): a matrix/TRC RGB profile other than sRGB, found where
/// Pillow finds it. Anything else leaves the pixels as they are and the image is classified as before, never refused.
/// </summary>
public sealed class SrgbConversionTests
{
    private static readonly byte[] DisplayP3 = IccProfiles.Matrix(IccProfiles.DisplayP3, IccProfiles.SrgbCurve());
    private readonly ImagePreprocessor _preprocessor = new(new ImageOptions(), 200, 150, TimeProvider.System);

    public static TheoryData<string, byte[]> ProfilesNotConverted => new()
    {
        { "sRGB itself", IccProfiles.Matrix(IccProfiles.Srgb, IccProfiles.SrgbCurve()) },
        { "cut short", DisplayP3[..200] },
        { "CMYK data", WithBytes(DisplayP3, 16, "CMYK"u8) },
        { "Lab connection space", WithBytes(DisplayP3, 20, "Lab "u8) },
        { "a lookup table beside the matrix", IccProfiles.Matrix(IccProfiles.DisplayP3, IccProfiles.SrgbCurve(), ("A2B0", new byte[32])) },
        { "a curve of an unknown type", IccProfiles.Matrix(IccProfiles.DisplayP3, [.. "sf32"u8.ToArray(), .. new byte[12]]) },
        { "a parametric curve of function 7", IccProfiles.Matrix(IccProfiles.DisplayP3, IccProfiles.Parametric(7, 2.2)) },
        { "a tag table longer than the file", WithBytes(DisplayP3, 128, [0, 0, 0, 99]) },
        { "too many tags", WithBytes(DisplayP3, 128, [0, 0, 1, 0]) },
        { "a parametric curve of a negative gamma (0 to it divides by zero)", IccProfiles.Matrix(IccProfiles.DisplayP3, IccProfiles.Parametric(0, -2.2)) },
        { "a parametric curve that overflows (1000 to the 200th)", IccProfiles.Matrix(IccProfiles.DisplayP3, IccProfiles.Parametric(1, 200, 1000, 0)) },
        { "no profile at all", [] },
    };

    [Theory]
    [MemberData(nameof(ProfilesNotConverted))]
    public void Prepare_PngWithAProfileThatIsNotConverted_GivesTheUntaggedPixels(string what, byte[] profile)
    {
        var png = TestImages.LesionPng();
        var tagged = profile.Length == 0 ? png : IccProfiles.InPng(png, profile);

        var header = _preprocessor.Inspect(tagged);

        Assert.True(header.Colour is null, what);
        Assert.Equal(Pixels(png), Pixels(tagged));
    }

    [Fact]
    public void Inspect_JpegProfileSegmentsMiscounted_NotConverted()
    {
        // Two APP2 segments whose count byte says three: Pillow drops such a profile, so the service does too.
        var profile = IccProfiles.Matrix(IccProfiles.DisplayP3, IccProfiles.Table(40000, 2.2));
        var jpeg = IccProfiles.InJpeg(TestImages.LesionJpeg(), profile);
        var segments = JpegSegments.Parse(jpeg).Where(segment => segment.Marker == 0xE2).ToList();
        Assert.True(segments.Count > 1);
        foreach (var segment in segments)
        {
            jpeg[segment.BodyStart + 13] = (byte)(segments.Count + 1);
        }

        Assert.Null(_preprocessor.Inspect(jpeg).Colour);
        Assert.NotNull(_preprocessor.Inspect(IccProfiles.InJpeg(TestImages.LesionJpeg(), profile)).Colour);
    }

    [Fact]
    public void Inspect_JpegProfileAfterTheFrameHeader_NotConverted()
    {
        // Pillow assembles the profile at the frame header; segments after it are never read.
        var jpeg = TestImages.LesionJpeg();
        var frame = JpegSegments.Parse(jpeg).First(segment => JpegSegments.IsStartOfFrame(segment.Marker));
        var profileSegments = IccProfiles.InJpeg([0xFF, 0xD8], DisplayP3)[2..];
        byte[] late = [.. jpeg.AsSpan(0, frame.End), .. profileSegments, .. jpeg.AsSpan(frame.End)];

        Assert.Null(_preprocessor.Inspect(late).Colour);
    }

    [Fact]
    public void Inspect_PngProfileWithDamagedCompressionOrAfterThePixels_NotConvertedAndStillClassified()
    {
        var png = TestImages.LesionPng();
        var chunks = PngChunks.Parse(IccProfiles.InPng(png, DisplayP3));
        var iccp = chunks.Single(chunk => chunk.Type == "iCCP");

        var damaged = PngChunks.Write(chunks.Select(chunk => chunk == iccp ? chunk with { Data = [.. iccp.Data[..^40], .. new byte[40]] } : chunk));
        chunks.Remove(iccp);
        chunks.Insert(chunks.FindIndex(chunk => chunk.Type == "IEND"), iccp);
        var afterPixels = PngChunks.Write(chunks);

        Assert.Null(_preprocessor.Inspect(damaged).Colour);
        Assert.Equal(Pixels(png), Pixels(damaged));
        Assert.Null(_preprocessor.Inspect(afterPixels).Colour);
    }

    [Fact]
    public void Inspect_PngProfileCompressedWithAPresetDictionary_NotConvertedAndStillClassified()
    {
        // A zlib stream that asks for a preset dictionary (FDICT): .NET's inflater refuses to start (ZLibException),
        // Pillow's zlib likewise; the profile is dropped, the image is read.
        var png = TestImages.LesionPng();
        var chunks = PngChunks.Parse(IccProfiles.InPng(png, DisplayP3));
        var iccp = chunks.Single(chunk => chunk.Type == "iCCP");
        int zlibAt = Array.IndexOf(iccp.Data, (byte)0) + 2;
        byte[] presetDictionary = [.. iccp.Data[..zlibAt], 0x78, 0xBB, 0, 0, 0, 1, .. iccp.Data[(zlibAt + 2)..]]; // (0x78BB % 31) == 0
        var tagged = PngChunks.Write(chunks.Select(chunk => chunk == iccp ? chunk with { Data = presetDictionary } : chunk));

        Assert.Null(_preprocessor.Inspect(tagged).Colour);
        Assert.Equal(Pixels(png), Pixels(tagged));
    }

    [Fact]
    public void Inspect_PngProfileWhoseMethodByteIsNotZero_ConvertedAsPillowConvertsIt()
    {
        // Pillow reads the compression method from the name's NUL (always 0) and inflates the data whatever the byte.
        var chunks = PngChunks.Parse(IccProfiles.InPng(TestImages.LesionPng(), DisplayP3));
        var iccp = chunks.Single(chunk => chunk.Type == "iCCP");
        var data = iccp.Data.ToArray();
        data[Array.IndexOf(data, (byte)0) + 1] = 1;

        var header = _preprocessor.Inspect(PngChunks.Write(chunks.Select(chunk => chunk == iccp ? chunk with { Data = data } : chunk)));

        Assert.NotNull(header.Colour);
    }

    [Fact]
    public void Apply_GreysAndWhite_StayAsTheyAre()
    {
        // Display P3 shares sRGB's white and curve: a neutral colour is the same in both.
        var conversion = SrgbConversion.For(DisplayP3)!;
        byte[] pixels = [0, 0, 0, 128, 128, 128, 255, 255, 255, 17, 17, 17];

        conversion.Apply(pixels, 3);

        Assert.Equal([0, 0, 0, 128, 128, 128, 255, 255, 255, 17, 17, 17], pixels);
    }

    [Fact]
    public void Apply_RgbaPixels_AlphaLeftAlone()
    {
        var conversion = SrgbConversion.For(DisplayP3)!;
        byte[] rgb = [200, 100, 50];
        byte[] rgba = [200, 100, 50, 77];

        conversion.Apply(rgb, 3);
        conversion.Apply(rgba, 4);

        Assert.Equal([.. rgb, 77], rgba);
        Assert.NotEqual([200, 100, 50], rgb);
    }

    private byte[] Pixels(byte[] image)
    {
        using var prepared = _preprocessor.Prepare(image, _preprocessor.Inspect(image));
        return prepared.Pixels.ToArray();
    }

    private static byte[] WithBytes(byte[] profile, int at, ReadOnlySpan<byte> bytes)
    {
        var changed = profile.ToArray();
        bytes.CopyTo(changed.AsSpan(at));
        return changed;
    }
}
