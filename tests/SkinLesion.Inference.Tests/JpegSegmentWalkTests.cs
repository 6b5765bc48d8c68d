using SkinLesion.Inference.Images;

namespace SkinLesion.Inference.Tests;

/// <summary>The one walk of a JPEG's markers that the frame check and the display copy share.</summary>
public sealed class JpegSegmentWalkTests
{
    // SOI; APP1 whose body holds an embedded thumbnail's SOI, SOF0 and EOI; fill bytes; SOF0; SOS with coded data that
    // has a stuffed FF00 and a restart marker; EOI; trailing bytes.
    private static readonly byte[] Jpeg =
    [
        0xFF, 0xD8,
        0xFF, 0xE1, 0x00, 0x08, 0xFF, 0xD8, 0xFF, 0xC0, 0xFF, 0xD9,
        0xFF, 0xFF,
        0xFF, 0xC0, 0x00, 0x08, 8, 0, 16, 0, 16, 3,
        0xFF, 0xDA, 0x00, 0x03, 3, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56,
        0xFF, 0xD9,
        0x00, 0x00,
    ];

    [Fact]
    public void MoveNext_WellFormedFile_EachMarkerOnceWithItsBodyAndTheScanRunningOverItsCodedData()
    {
        // Act
        var seen = new List<(byte Marker, int Offset, int End, int BodyLength)>();
        var walk = new JpegSegmentWalk(Jpeg);
        while (walk.MoveNext())
        {
            seen.Add((walk.Marker, walk.Offset, walk.End, walk.Body.Length));
            if (walk.Marker == 0xD9)
            {
                break;
            }
        }

        // Assert: the thumbnail's markers inside APP1 are not the image's; fill bytes are skipped.
        Assert.Equal([(0xE1, 2, 12, 6), (0xC0, 14, 24, 6), (0xDA, 24, 36, 1), (0xD9, 36, 38, 0)], seen);
        Assert.False(walk.Broken);
    }

    [Fact]
    public void FrameRead_EndOfImageBeforeAnyScan_NoFrameFromWhatFollows()
    {
        // Arrange: SOI, EOI, then a whole other JPEG's frame and scan after it.
        byte[] data = [0xFF, 0xD8, 0xFF, 0xD9, .. Jpeg.AsSpan(12)];

        // Act and Assert: the walk stops being this image's at its end.
        Assert.NotNull(JpegFrame.Read(Jpeg));
        Assert.Null(JpegFrame.Read(data));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x20, 0x00, 0x00 })] // a length past the end
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0x00, 0x00 })] // a length shorter than its own field
    [InlineData(new byte[] { 0xFF, 0xD8, 0x12, 0x34, 0x00, 0x00 })] // bytes that are not a marker
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A })] // not a JPEG
    public void MoveNext_StructureThatDoesNotHold_StopsBroken(byte[] data)
    {
        // Act
        var walk = new JpegSegmentWalk(data);
        while (walk.MoveNext())
        {
        }

        // Assert
        Assert.True(walk.Broken);
    }

    [Fact]
    public void MoveNext_CodedDataToTheEndOfTheFile_EndsThereNotBroken()
    {
        // Arrange: a scan whose file was cut before its EOI.
        byte[] cut = Jpeg[..32];

        // Act
        var walk = new JpegSegmentWalk(cut);
        int lastEnd = 0;
        while (walk.MoveNext())
        {
            lastEnd = walk.End;
        }

        // Assert
        Assert.Equal(cut.Length, lastEnd);
        Assert.False(walk.Broken);
    }
}
