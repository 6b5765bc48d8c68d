using SixLabors.ImageSharp;

namespace SkinLesion.Inference.Images;

/// <summary>
/// How one upload's pixels became the model's input, and the way back. <see cref="GeometryRule"/> makes the same
/// decisions from the same functions (<see cref="GeometryRule.Frame"/>), so the inverse here undoes exactly what the
/// rule did: the resize, the centre crop, the portrait rotation, the EXIF orientation and the reduced JPEG decoding.
/// Coordinates are continuous: pixel (i, j) covers [i, i + 1) x [j, j + 1), so a corner maps to a corner.
/// </summary>
internal sealed class GeometryMapping
{
    private readonly int _storedWidth;
    private readonly int _storedHeight;
    private readonly int _orientation;
    private readonly int _denominator;
    private readonly int _decodedWidth;
    private readonly int _decodedHeight;
    private readonly int _orientedDecodedHeight;
    private readonly bool _rotated;
    private readonly Rectangle _crop;
    private readonly int _targetWidth;
    private readonly int _targetHeight;

    internal GeometryMapping(ImageHeader header, int targetWidth, int targetHeight)
    {
        ArgumentNullException.ThrowIfNull(header);
        _storedWidth = header.Width;
        _storedHeight = header.Height;
        _orientation = Normalise(header.Orientation);
        _denominator = header.JpegScaleDenominator;
        _decodedWidth = header.DecodedWidth;
        _decodedHeight = header.DecodedHeight;
        bool swaps = header.SwapsSides;
        int orientedDecodedWidth = swaps ? _decodedHeight : _decodedWidth;
        _orientedDecodedHeight = swaps ? _decodedWidth : _decodedHeight;
        (_rotated, _crop) = GeometryRule.Frame(orientedDecodedWidth, _orientedDecodedHeight, targetWidth, targetHeight);
        _targetWidth = targetWidth;
        _targetHeight = targetHeight;
        UploadWidth = header.DisplayedWidth;
        UploadHeight = header.DisplayedHeight;
    }

    /// <summary>The upload's width as it is displayed: after EXIF orientation, at full resolution.</summary>
    internal int UploadWidth { get; }

    /// <summary>The upload's height as it is displayed: after EXIF orientation, at full resolution.</summary>
    internal int UploadHeight { get; }

    /// <summary>
    /// A point of the model-input image (0..targetWidth, 0..targetHeight) in the upload's own coordinates after EXIF
    /// orientation, at full resolution: what a viewer that honours the orientation shows (browsers do).
    /// </summary>
    internal (double X, double Y) ToUpload(double x, double y)
    {
        // The bicubic resize stretches the crop onto the target, corner to corner.
        double cropX = _crop.X + (x * _crop.Width / _targetWidth);
        double cropY = _crop.Y + (y * _crop.Height / _targetHeight);

        // The portrait rule turned the oriented image clockwise: (u, v) came from (v, height - u).
        var (orientedX, orientedY) = _rotated ? (cropY, _orientedDecodedHeight - cropX) : (cropX, cropY);

        // Orientation and scale are undone in the stored frame, where libjpeg's reduced pixel i covers full pixels
        // [i d, (i + 1) d); the last one may reach past the edge when a side is not a multiple of d.
        var (storedX, storedY) = Unorient(_orientation, orientedX, orientedY, _decodedWidth, _decodedHeight);
        double fullX = Math.Min(storedX * _denominator, _storedWidth);
        double fullY = Math.Min(storedY * _denominator, _storedHeight);
        return Orient(_orientation, fullX, fullY, _storedWidth, _storedHeight);
    }

    /// <summary>
    /// EXIF orientation (TIFF 6.0 tag 274) as Pillow's exif_transpose and ImageSharp's AutoOrient apply it: where a
    /// stored point (x, y) of a width x height image is displayed.
    /// </summary>
    internal static (double X, double Y) Orient(int orientation, double x, double y, double width, double height) => orientation switch
    {
        2 => (width - x, y),
        3 => (width - x, height - y),
        4 => (x, height - y),
        5 => (y, x),
        6 => (height - y, x),
        7 => (height - y, width - x),
        8 => (y, width - x),
        _ => (x, y),
    };

    /// <summary>The inverse of <see cref="Orient"/>: the stored point displayed at (x, y); width and height are the stored sides.</summary>
    internal static (double X, double Y) Unorient(int orientation, double x, double y, double width, double height) => orientation switch
    {
        2 => (width - x, y),
        3 => (width - x, height - y),
        4 => (x, height - y),
        5 => (y, x),
        6 => (y, height - x),
        7 => (width - y, height - x),
        8 => (width - y, x),
        _ => (x, y),
    };

    // Values outside 1-8 leave AutoOrient (and Pillow) doing nothing.
    private static int Normalise(ushort orientation) => orientation is >= 1 and <= 8 ? orientation : 1;
}
