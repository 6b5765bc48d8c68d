using System.Buffers.Binary;
using System.IO.Hashing;
using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// Files with redundancies their formats allow reach the model as the plain file's pixels; both were refused as
/// corrupt-image because ImageSharp's header reader stops at them (libjpeg-turbo and Pillow read past them).
/// </summary>
public sealed class EncodingSlackTests
{
    private readonly ImagePreprocessor _preprocessor = new(new ImageOptions(), 200, 150, TimeProvider.System);

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void JpegWithFillBytesRightAfterSoi_GivesThePlainFilesPixels(int fillBytes)
    {
        // Arrange: FF D8, then extra FFs before the first marker's FF (ITU-T T.81 B.1.1.2).
        byte[] plain = TestImages.LesionJpeg(400, 300);
        byte[] filled = [.. plain[..2], .. Enumerable.Repeat((byte)0xFF, fillBytes), .. plain[2..]];

        // Act
        var header = _preprocessor.Inspect(filled);
        using var prepared = _preprocessor.Prepare(filled, header);

        // Assert
        using var reference = _preprocessor.Prepare(plain, _preprocessor.Inspect(plain));
        Assert.Equal((400, 300), (header.Width, header.Height));
        Assert.True(reference.Pixels.Span.SequenceEqual(prepared.Pixels.Span), "the pixels differ from the plain file's");
        Assert.Equal(_preprocessor.DisplayCopyOf(plain, header).Bytes, _preprocessor.DisplayCopyOf(filled, header).Bytes);
    }

    [Fact]
    public void PngWithAnEmptyImageDataChunkBeforeTheData_GivesThePlainFilesPixels()
    {
        // Arrange: a zero-length IDAT (with its CRC) between IHDR and the first IDAT.
        byte[] plain = TestImages.LesionPng(400, 300);
        int firstData = FirstChunkOffset(plain, "IDAT"u8);
        byte[] empty = [0, 0, 0, 0, .. "IDAT"u8, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt32BigEndian(empty.AsSpan(8), Crc32.HashToUInt32("IDAT"u8));
        byte[] padded = [.. plain[..firstData], .. empty, .. plain[firstData..]];

        // Act
        var header = _preprocessor.Inspect(padded);
        using var prepared = _preprocessor.Prepare(padded, header);

        // Assert
        using var reference = _preprocessor.Prepare(plain, _preprocessor.Inspect(plain));
        Assert.Equal((400, 300), (header.Width, header.Height));
        Assert.True(reference.Pixels.Span.SequenceEqual(prepared.Pixels.Span), "the pixels differ from the plain file's");
    }

    [Fact]
    public void OrdinaryFiles_AreNotCopied()
    {
        ReadOnlyMemory<byte> jpeg = TestImages.LesionJpeg();
        ReadOnlyMemory<byte> png = TestImages.LesionPng();

        Assert.True(EncodingSlack.Remove(jpeg).Equals(jpeg));
        Assert.True(EncodingSlack.Remove(png).Equals(png));
    }

    private static int FirstChunkOffset(byte[] png, ReadOnlySpan<byte> type)
    {
        foreach (var chunk in new PngChunkWalk(png))
        {
            if (chunk.Type.SequenceEqual(type))
            {
                return chunk.Offset;
            }
        }

        throw new InvalidOperationException("no such chunk");
    }
}
