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
    private const int FlagAccurateDct = 4096; // TJFLAG_ACCURATEDCT: the ISLOW IDCT, libjpeg's and Pillow's default
    private const int ErrorCodeWarning = 0; // TJERR_WARNING

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
    /// Decodes into an RGB buffer of exactly width x height x 3 bytes. Returns false when libjpeg-turbo
    /// refuses the file (fatal error, e.g. CMYK or corrupt data) or its header disagrees with the
    /// expected size; warnings (e.g. extraneous bytes) are tolerated, as Pillow tolerates them.
    /// </summary>
    internal bool TryDecode(ReadOnlySpan<byte> jpeg, Span<byte> destination, int width, int height)
    {
        if (destination.Length != checked(width * height * 3))
        {
            throw new ArgumentException("Destination must hold width x height RGB pixels.", nameof(destination));
        }

        nint handle = _initDecompress();
        if (handle == 0)
        {
            throw new InvalidOperationException("tjInitDecompress failed (out of memory?).");
        }

        try
        {
            fixed (byte* source = jpeg)
            fixed (byte* target = destination)
            {
                int headerWidth, headerHeight, subsampling, colourspace;
                if (_decompressHeader(handle, source, new CULong((nuint)jpeg.Length), &headerWidth, &headerHeight, &subsampling, &colourspace) != 0
                    || headerWidth != width || headerHeight != height)
                {
                    return false;
                }

                int status = _decompress(handle, source, new CULong((nuint)jpeg.Length), target, width, width * 3, height, PixelFormatRgb, FlagAccurateDct);
                return status == 0 || _getErrorCode(handle) == ErrorCodeWarning;
            }
        }
        finally
        {
            _ = _destroy(handle);
        }
    }
}
