namespace SkinLesion.Inference.Images;

/// <summary>What the header says about an upload, learned without decoding any pixel.</summary>
public sealed record ImageHeader(AcceptedImageFormat Format, int Width, int Height)
{
    public long Pixels => (long)Width * Height;

    /// <summary>EXIF orientation (1-8; 1 = as stored), carried to JPEG pixels decoded outside ImageSharp.</summary>
    internal ushort Orientation { get; init; } = 1;

    /// <summary>Whether the orientation turns the image a quarter (EXIF 5-8), so a viewer shows it with its sides swapped.</summary>
    internal bool SwapsSides => Orientation is >= 5 and <= 8;

    /// <summary>The width a browser displays: after EXIF orientation (<see cref="Width"/> is the stored one).</summary>
    public int DisplayedWidth => SwapsSides ? Height : Width;

    /// <summary>The height a browser displays: after EXIF orientation (<see cref="Height"/> is the stored one).</summary>
    public int DisplayedHeight => SwapsSides ? Width : Height;

    /// <summary>
    /// How the embedded colour profile's pixels are brought to sRGB (ADR 0062); null when there is none to apply (no
    /// profile, sRGB, or one that is not read).
    /// </summary>
    internal SrgbConversion? Colour { get; init; }

    /// <summary>1, or by how much libjpeg-turbo reduces this JPEG while decoding it (GeometryRule.JpegScaleDenominator).</summary>
    internal int JpegScaleDenominator { get; init; } = 1;

    /// <summary>The pixels the decoder will hold for this image.</summary>
    internal long DecodedPixels => (long)DecodedWidth * DecodedHeight;

    /// <summary>
    /// A JPEG whose decoding holds every coefficient of the full-size frame, whatever scale its pixels are decoded at
    /// (progressive, or scans of some components only: <see cref="JpegFrame.BuffersEveryCoefficient"/>).
    /// </summary>
    internal bool HoldsFullSizeCoefficients { get; init; }

    /// <summary>A PNG of 16-bit samples, decoded at 16 bits before it is brought to 8 (<see cref="SixteenBitPng"/>).</summary>
    internal bool SixteenBitSamples { get; init; }

    /// <summary>
    /// What the admission gate's pixel budget is charged (the gate caps it at the budget): the decoded pixels; the full
    /// size when the decoder holds the full frame's coefficients (about as many bytes per pixel as the decoded pixels
    /// take); a fifth more for a 16-bit PNG, whose 8-byte RGBA samples and their 4-byte copy are held together for a
    /// moment (12 bytes a pixel against the 10 an 8-bit PNG needs at most, README "Peak memory").
    /// </summary>
    internal long ChargedPixels => HoldsFullSizeCoefficients ? Pixels : SixteenBitSamples ? Pixels + (Pixels / 5) : DecodedPixels;

    /// <summary>The decoded image's width: the stored width reduced by <see cref="JpegScaleDenominator"/>.</summary>
    internal int DecodedWidth => GeometryRule.ScaledSide(Width, JpegScaleDenominator);

    /// <summary>The decoded image's height: the stored height reduced by <see cref="JpegScaleDenominator"/>.</summary>
    internal int DecodedHeight => GeometryRule.ScaledSide(Height, JpegScaleDenominator);
}
