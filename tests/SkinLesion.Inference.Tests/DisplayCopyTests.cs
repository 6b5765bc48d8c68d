using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;
using SkinLesion.Tests.Shared.Fuzzing;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// The result page's copy of the upload (Images/DisplayCopy.cs): the same coded pixels and orientation, none of the
/// metadata a saved page would otherwise keep (EXIF descriptions and names, comments, PNG text, a second picture).
/// </summary>
public sealed class DisplayCopyTests
{
    private const string Identifying = "Jane Doe 1950-01-01 MRN 123456";

    private readonly ImagePreprocessor _preprocessor = new(new ImageOptions(), 200, 150, TimeProvider.System);

    [Fact]
    public void WithoutMetadata_JpegWithExifCommentAndASecondPicture_KeepsPixelsAndOrientationOnly()
    {
        // Arrange: a camera-like JPEG (EXIF description and artist, turned a quarter), a comment segment after SOI, and
        // another picture with its own EXIF after the end of the first, as multi-picture files carry one.
        byte[] first = Jpeg(orientation: 6);
        byte[] comment = [0xFF, 0xFE, 0, (byte)(Identifying.Length + 2), .. Encoding.ASCII.GetBytes(Identifying)];
        byte[] upload = [.. first[..2], .. comment, .. first[2..], .. Jpeg(orientation: 1)];
        var header = _preprocessor.Inspect(upload);

        // Act
        var copy = DisplayCopy.WithoutMetadata(upload, header);

        // Assert
        Assert.DoesNotContain(Identifying, Encoding.ASCII.GetString(copy), StringComparison.Ordinal);
        Assert.Equal(6, _preprocessor.Inspect(copy).Orientation);
        Assert.Equal(first.Length - ExifSegmentLength(first) + MinimalExifSegmentLength, copy.Length);
        AssertSamePixels(first, copy);
    }

    [Fact]
    public void WithoutMetadata_PngWithTextTimeAndExif_KeepsPixelsAndOrientationOnly()
    {
        // Arrange: an eXIf chunk with a description beside the orientation, and text and time chunks.
        var chunks = PngChunks.Parse(Png(orientation: 8));
        chunks.Insert(1, new PngChunk("tEXt", Encoding.Latin1.GetBytes("Author\0" + Identifying)));
        chunks.Insert(1, new PngChunk("iTXt", Encoding.UTF8.GetBytes("Comment\0\0\0\0\0" + Identifying)));
        chunks.Insert(1, new PngChunk("tIME", [0x07, 0xEA, 12, 3, 15, 0, 0]));
        byte[] upload = PngChunks.Write(chunks);
        var header = _preprocessor.Inspect(upload);

        // Act
        var copy = DisplayCopy.WithoutMetadata(upload, header);

        // Assert: the copy is a PNG the service itself reads (chunks and CRCs intact), turned as the upload was.
        Assert.DoesNotContain(Identifying, Encoding.Latin1.GetString(copy), StringComparison.Ordinal);
        Assert.DoesNotContain(PngChunks.Parse(copy), chunk => chunk.Type is "tEXt" or "iTXt" or "tIME");
        var copied = _preprocessor.Inspect(copy);
        Assert.Equal(8, copied.Orientation);
        using var prepared = _preprocessor.Prepare(copy, copied);
        AssertSamePixels(upload, copy);
    }

    [Fact]
    public void WithoutMetadata_JpegWithNothingToDrop_IsTheUploadByteForByte()
    {
        // Arrange
        byte[] upload = TestImages.LesionJpeg(320, 240);
        var header = _preprocessor.Inspect(upload);

        // Act
        var copy = DisplayCopy.WithoutMetadata(upload, header);

        // Assert
        Assert.Equal(upload, copy);
    }

    // An APP1 EXIF segment of only the orientation: marker, length, "Exif\0\0" and a 26-byte TIFF structure.
    private const int MinimalExifSegmentLength = 2 + 2 + 6 + 26;

    private static int ExifSegmentLength(byte[] jpeg)
    {
        for (int i = 2; i + 4 <= jpeg.Length; i += 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]))
        {
            if (jpeg[i + 1] == 0xE1)
            {
                return 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]);
            }
        }

        throw new InvalidOperationException("the test JPEG has no APP1 segment");
    }

    private static byte[] Jpeg(ushort orientation)
    {
        using var image = TestImages.Lesion(320, 240, seed: orientation);
        image.Metadata.ExifProfile = Exif(orientation);
        using var output = new MemoryStream();
        image.SaveAsJpeg(output, new JpegEncoder { Quality = 90 });
        return output.ToArray();
    }

    private static byte[] Png(ushort orientation)
    {
        using var image = TestImages.Lesion(320, 240, seed: orientation);
        image.Metadata.ExifProfile = Exif(orientation);
        using var output = new MemoryStream();
        image.SaveAsPng(output, new PngEncoder());
        return output.ToArray();
    }

    private static ExifProfile Exif(ushort orientation)
    {
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, orientation);
        exif.SetValue(ExifTag.ImageDescription, Identifying);
        exif.SetValue(ExifTag.Artist, Identifying);
        return exif;
    }

    private static void AssertSamePixels(byte[] expected, byte[] actual)
    {
        using var a = Image.Load<Rgb24>(expected);
        using var b = Image.Load<Rgb24>(actual);
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        var pixelsA = new byte[a.Width * a.Height * 3];
        var pixelsB = new byte[pixelsA.Length];
        a.CopyPixelDataTo(pixelsA);
        b.CopyPixelDataTo(pixelsB);
        Assert.True(pixelsA.AsSpan().SequenceEqual(pixelsB), "the copy's pixels differ from the upload's");
    }
}
