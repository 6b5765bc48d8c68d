using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;
using SkinLesion.Tests.Shared.Fuzzing;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// The geometry rule against the Python reference's (training/skinlesion/preprocess.py, to_model_geometry) on images
/// that need it: rotated, cropped on either axis, scaled down and up, turned by EXIF. The parity test's reference
/// images are already 200x150, so without this the two implementations' orientation, crop and resize were never
/// compared. The resamplers differ (ImageSharp's bicubic is not Pillow's, ADR 0008), so resized cases are held to a
/// small mean difference; a wrong turn or crop moves the mean by tens of levels. Orientation is read from EXIF alone,
/// as a SHORT (ADR 0056): an orientation typed LONG or written in XMP turns neither side's pixels.
/// </summary>
public sealed class GeometryParityTests
{
    /// <summary>
    /// Mean absolute difference per channel value allowed where a resize happens (0-255 scale); measured 0.12-0.21 on
    /// these cases (2026-12-03).
    /// </summary>
    private const double ResampledMeanTolerance = 0.5;

    /// <summary>Where a case's orientation is written.</summary>
    private enum Stored
    {
        Exif, // an eXIf chunk before the pixel data, as ImageSharp writes it
        ExifAfterPixels, // an eXIf chunk after the pixel data: still EXIF, read by both sides
        ExifAsLong, // IFD0's Orientation typed LONG instead of EXIF's SHORT: not read
        Xmp, // tiff:Orientation in an XMP packet (iTXt chunk): not read
    }

    // 200x150 cases need no resize: they must match byte for byte.
    private static readonly (string Name, int Width, int Height, ushort Orientation, Stored Stored)[] Cases =
    [
        ("exact-turned", 200, 150, 3, Stored.Exif),
        ("portrait", 480, 640, 1, Stored.Exif),
        ("wide", 900, 400, 1, Stored.Exif),
        ("square", 400, 400, 1, Stored.Exif),
        ("small", 160, 120, 1, Stored.Exif),
        ("exif-quarter", 640, 480, 6, Stored.Exif),
        ("exif-mirrored", 600, 500, 5, Stored.Exif),
        ("exif-after-pixels", 200, 150, 8, Stored.ExifAfterPixels),
        ("exif-long", 200, 150, 6, Stored.ExifAsLong),
        ("xmp", 200, 150, 6, Stored.Xmp),
    ];

    [SystemFileFact(ReferencePython.PillowPath, "python3-pil")]
    public async Task Prepare_ImagesThatNeedTheRule_GiveTheReferencesPixels()
    {
        // Arrange: lesion-like PNGs (no decoder differences), the orientation in an eXIf chunk.
        var directory = Directory.CreateTempSubdirectory("skinlesion-geometry-");
        var preprocessor = new ImagePreprocessor(new ImageOptions(), 200, 150, TimeProvider.System);
        try
        {
            foreach (var (name, width, height, orientation, stored) in Cases)
            {
                using var image = TestImages.Lesion(width, height, seed: width + height + orientation);
                if (orientation != 1 && stored == Stored.Exif)
                {
                    image.Metadata.ExifProfile = new ExifProfile();
                    image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
                }

                var png = WithOrientationChunk(TestImages.Png(image), orientation, stored);
                await File.WriteAllBytesAsync(Path.Combine(directory.FullName, name + ".png"), png);
            }

            // Act: the reference's 200x150 pixels as NAME.rgb beside each NAME.png.
            await ReferencePython.DecodeEachAsync(directory.FullName, ".png");

            // Assert
            foreach (var (name, width, height, orientation, stored) in Cases)
            {
                var png = await File.ReadAllBytesAsync(Path.Combine(directory.FullName, name + ".png"));
                var expected = await File.ReadAllBytesAsync(Path.Combine(directory.FullName, name + ".rgb"));
                var header = preprocessor.Inspect(png);
                Assert.Equal(stored is Stored.Exif or Stored.ExifAfterPixels ? orientation : 1, header.Orientation);
                using var prepared = preprocessor.Prepare(png, header);
                var actual = prepared.Pixels.Span;
                Assert.Equal(expected.Length, actual.Length);
                double mean = ReferencePython.MeanAbsoluteDifference(expected, actual);
                string measured = string.Create(CultureInfo.InvariantCulture, $"{name}: mean difference {mean:0.000} from the reference");
                if (width == 200 && height == 150)
                {
                    Assert.True(expected.AsSpan().SequenceEqual(actual), measured);
                }
                else
                {
                    Assert.True(mean <= ResampledMeanTolerance, measured);
                }
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The PNG with its orientation written where <paramref name="stored"/> says (ImageSharp wrote <see cref="Stored.Exif"/> itself).</summary>
    private static byte[] WithOrientationChunk(byte[] png, ushort orientation, Stored stored)
    {
        if (stored == Stored.Exif)
        {
            return png;
        }

        var chunks = PngChunks.Parse(png);
        var chunk = stored == Stored.Xmp
            ? new PngChunk("iTXt", Encoding.UTF8.GetBytes(
                "XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + $"<rdf:Description xmlns:tiff=\"http://ns.adobe.com/tiff/1.0/\" tiff:Orientation=\"{orientation}\"/></rdf:RDF></x:xmpmeta>"))
            : new PngChunk("eXIf", Tiff(orientation, asLong: stored == Stored.ExifAsLong));
        int at = stored == Stored.ExifAfterPixels ? chunks.FindIndex(c => c.Type == "IEND") : chunks.FindIndex(c => c.Type == "IDAT");
        chunks.Insert(at, chunk);
        return PngChunks.Write(chunks);
    }

    /// <summary>A little-endian TIFF structure whose IFD0 holds only the orientation, typed SHORT or LONG.</summary>
    private static byte[] Tiff(ushort orientation, bool asLong)
    {
        var tiff = new byte[26];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8); // IFD0's offset
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), 1); // one entry
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(10), 0x0112);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(12), asLong ? (ushort)4 : (ushort)3);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(14), 1); // one value, held in the entry
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(18), orientation); // a SHORT's two bytes come first either way
        return tiff; // the next IFD's offset stays 0
    }
}
