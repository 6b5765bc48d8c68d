using System.Buffers;
using System.Runtime.InteropServices;

namespace SkinLesion.Inference.Images;

/// <summary>
/// JPEG pixel decoding through the system's libjpeg-turbo (TurboJPEG API), the decoder Pillow uses
/// in the Python reference. ImageSharp's own JPEG decoder differs from it by about 0.3 grey levels on
/// average (up to 17 at chroma edges), which moved model probabilities by more than the 0.01 parity
/// tolerance; see docs/decisions/0004-jpeg-decoder.md. Functions are bound through NativeLibrary
/// function pointers on an instance, so there is no process-wide resolver state.
/// </summary>
internal sealed unsafe class LibJpegTurbo
{
    private const int PixelFormatRgb = 0; // TJPF_RGB
    private const int PixelFormatCmyk = 11; // TJPF_CMYK: the samples as stored (a YCCK file's brought to CMYK)
    private const int FlagAccurateDct = 4096; // TJFLAG_ACCURATEDCT: the ISLOW IDCT, libjpeg's and Pillow's default
    private const int ErrorCodeWarning = 0; // TJERR_WARNING
    private const int ColourspaceRgb = 0; // TJCS_RGB
    private const int ColourspaceYCbCr = 1; // TJCS_YCbCr
    private const int ColourspaceGrey = 2; // TJCS_GRAY
    private const int ColourspaceCmyk = 3; // TJCS_CMYK
    private const int ColourspaceYcck = 4; // TJCS_YCCK

    private static readonly string[] Candidates =
        ["libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.0.dylib", "libturbojpeg.dylib", "turbojpeg.dll"];

    private readonly delegate* unmanaged<nint> _initDecompress;
    private readonly delegate* unmanaged<nint, byte*, CULong, int*, int*, int*, int*, int> _decompressHeader;
    private readonly delegate* unmanaged<nint, byte*, CULong, byte*, int, int, int, int, int, int> _decompress;
    private readonly delegate* unmanaged<nint, int> _destroy;
    private readonly delegate* unmanaged<nint, int> _getErrorCode;

    private LibJpegTurbo(nint library, string name)
    {
        LibraryName = name;
        _initDecompress = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "tjInitDecompress");
        _decompressHeader = (delegate* unmanaged<nint, byte*, CULong, int*, int*, int*, int*, int>)NativeLibrary.GetExport(library, "tjDecompressHeader3");
        _decompress = (delegate* unmanaged<nint, byte*, CULong, byte*, int, int, int, int, int, int>)NativeLibrary.GetExport(library, "tjDecompress2");
        _destroy = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(library, "tjDestroy");
        _getErrorCode = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(library, "tjGetErrorCode");
    }

    internal string LibraryName { get; }

    /// <summary>Loads libturbojpeg if the system has it (Debian package libturbojpeg0, Ubuntu libturbojpeg); null otherwise.</summary>
    internal static LibJpegTurbo? TryLoad()
    {
        foreach (var candidate in Candidates)
        {
            if (!NativeLibrary.TryLoad(candidate, out var library))
            {
                continue;
            }

            try
            {
                // The library stays loaded for the life of the process, like any P/Invoke target.
                return new LibJpegTurbo(library, candidate);
            }
            catch (EntryPointNotFoundException)
            {
                NativeLibrary.Free(library);
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the header describes a width x height JPEG in a colour space this class brings to RGB: colour (YCbCr or
    /// RGB) and greyscale by libjpeg-turbo itself, CMYK and YCCK by <see cref="CmykJpeg"/> as the reference does.
    /// </summary>
    internal bool Decodes(ReadOnlySpan<byte> jpeg, int width, int height)
    {
        nint handle = Open();
        try
        {
            return ReadHeader(handle, jpeg, width, height, out int colourspace)
                && colourspace is ColourspaceRgb or ColourspaceYCbCr or ColourspaceGrey or ColourspaceCmyk or ColourspaceYcck;
        }
        finally
        {
            _ = _destroy(handle);
        }
    }

    /// <summary>
    /// Decodes a width x height JPEG at 1/scaleDenominator scale (1, 2, 4 or 8; libjpeg's DCT scaling, which is also
    /// what Pillow's draft mode asks for) into an RGB buffer of exactly the scaled size. Returns false when
    /// libjpeg-turbo refuses the file (a fatal error: corrupt data) or its header disagrees with the
    /// expected size; warnings (e.g. extraneous bytes) are tolerated, as Pillow tolerates them. A CMYK or YCCK file is
    /// decoded to its CMYK samples and brought to RGB by <see cref="CmykJpeg"/>.
    /// </summary>
    internal bool TryDecode(ReadOnlySpan<byte> jpeg, Span<byte> destination, int width, int height, int scaleDenominator)
    {
        int outputWidth = GeometryRule.ScaledSide(width, scaleDenominator);
        int outputHeight = GeometryRule.ScaledSide(height, scaleDenominator);
        if (destination.Length != checked(outputWidth * outputHeight * 3))
        {
            throw new ArgumentException("Destination must hold the scaled width x height RGB pixels.", nameof(destination));
        }

        nint handle = Open();
        try
        {
            if (!ReadHeader(handle, jpeg, width, height, out int colourspace))
            {
                return false;
            }

            if (colourspace is not (ColourspaceCmyk or ColourspaceYcck))
            {
                return Decompress(handle, jpeg, destination, outputWidth, outputHeight, PixelFormatRgb, 3);
            }

            byte[] cmyk = ArrayPool<byte>.Shared.Rent(checked(outputWidth * outputHeight * 4));
            try
            {
                var samples = cmyk.AsSpan(0, outputWidth * outputHeight * 4);
                if (!Decompress(handle, jpeg, samples, outputWidth, outputHeight, PixelFormatCmyk, 4))
                {
                    return false;
                }

                CmykJpeg.ToRgb(samples, destination);
                return true;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(cmyk);
            }
        }
        finally
        {
            _ = _destroy(handle);
        }
    }

    private bool Decompress(nint handle, ReadOnlySpan<byte> jpeg, Span<byte> destination, int outputWidth, int outputHeight, int pixelFormat, int bytesPerPixel)
    {
        // tjGetErrorCode says TJERR_WARNING for a fatal error that came after a warning in the same call (libjpeg-turbo
        // 2.1 keeps the warning flag), and a fatal error stops the decode before it writes the rows it has not reached:
        // for a progressive file, before any. The last row is marked before decoding, so a decode that ended with a
        // "warning" but never wrote it is taken for the fatal error it was; left as it was, it would be classified as
        // a blank picture.
        var lastRow = destination[^(outputWidth * bytesPerPixel)..];
        FillWithMark(lastRow);
        fixed (byte* source = jpeg)
        fixed (byte* target = destination)
        {
            // Given the scaled size, tjDecompress2 picks the largest scaling factor whose output fits it; every
            // factor above 1/scaleDenominator gives a larger image, so it picks exactly that one.
            int status = _decompress(handle, source, new CULong((nuint)jpeg.Length), target, outputWidth, outputWidth * bytesPerPixel, outputHeight, pixelFormat, FlagAccurateDct);
            return status == 0 || (_getErrorCode(handle) == ErrorCodeWarning && !IsMarked(lastRow));
        }
    }

    // A sequence no decoder writes across a whole row: consecutive bytes of an xorshift generator.
    private static void FillWithMark(Span<byte> row)
    {
        uint state = 0x9E3779B9;
        for (int i = 0; i < row.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            row[i] = (byte)state;
        }
    }

    private static bool IsMarked(ReadOnlySpan<byte> row)
    {
        Span<byte> mark = row.Length <= 4096 ? stackalloc byte[row.Length] : new byte[row.Length];
        FillWithMark(mark);
        return row.SequenceEqual(mark);
    }

    private nint Open()
    {
        nint handle = _initDecompress();
        return handle != 0 ? handle : throw new InvalidOperationException("tjInitDecompress failed (out of memory?).");
    }

    private bool ReadHeader(nint handle, ReadOnlySpan<byte> jpeg, int width, int height, out int colourspace)
    {
        fixed (byte* source = jpeg)
        {
            int headerWidth, headerHeight, subsampling, space;
            bool read = _decompressHeader(handle, source, new CULong((nuint)jpeg.Length), &headerWidth, &headerHeight, &subsampling, &space) == 0;
            colourspace = space;
            return read && headerWidth == width && headerHeight == height;
        }
    }
}
