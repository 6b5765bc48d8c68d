namespace SkinLesion.Inference.Images;

/// <summary>Whether a PNG's transparency is composited on white by the geometry rule, as the Python reference decides it.</summary>
internal static class PngTransparency
{
    private const int ColourTypeOffset = 25; // signature 8, IHDR length 4 and type 4, width 4, height 4, bit depth 1
    private const byte Palette = 3;
    private const byte GreyWithAlpha = 4;
    private const byte RgbWithAlpha = 6;

    /// <summary>
    /// True for an alpha channel (grey or RGB with alpha) and for a palette with a tRNS chunk: Pillow opens these as
    /// LA, RGBA or P with transparency and the reference composites them. A tRNS colour key of a grey or RGB image is
    /// not composited there (Pillow keeps the mode and converts to RGB without it), so the key colour stays as it is
    /// here too, and such an image, like any opaque PNG, takes the RGB path.
    /// </summary>
    internal static bool IsComposited(ReadOnlySpan<byte> png)
    {
        if (png.Length <= ColourTypeOffset)
        {
            return true; // not a PNG this far: the Rgba32 path, whose decoder refuses it
        }

        byte colourType = png[ColourTypeOffset];
        return colourType is GreyWithAlpha or RgbWithAlpha || colourType == Palette && HasTransparencyChunk(png);
    }

    // tRNS must come before the first IDAT; chunks are walked from IHDR up to there.
    private static bool HasTransparencyChunk(ReadOnlySpan<byte> png)
    {
        foreach (var chunk in new PngChunkWalk(png))
        {
            if (chunk.Type.SequenceEqual("tRNS"u8))
            {
                return true;
            }

            if (chunk.Type.SequenceEqual("IDAT"u8))
            {
                return false;
            }
        }

        return false;
    }
}
