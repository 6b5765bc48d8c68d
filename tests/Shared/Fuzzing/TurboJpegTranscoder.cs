using System.Runtime.InteropServices;

namespace SkinLesion.Tests.Shared.Fuzzing;

/// <summary>
/// Lossless re-encoding of a JPEG through libjpeg-turbo's tjTransform: the same DCT coefficients written as a
/// progressive file. ImageSharp 2.1 only writes baseline Huffman JPEGs, so this is how the fuzzer gets real progressive
/// seeds. (Arithmetic coding is refused before decoding, so no seed needs it; libjpeg-turbo 2.1 also ignored the
/// option and wrote a baseline file.) Null when libturbojpeg is not installed.
/// </summary>
internal sealed class TurboJpegTranscoder
{
    private const int OptionProgressive = 1 << 5; // TJXOPT_PROGRESSIVE
    private const int TransformStructSize = 40; // tjtransform: tjregion (4 ints), op, options, data, customFilter
    private const int OptionsOffset = 20;

    private readonly InitTransformFunction _initTransform;
    private readonly TransformFunction _transform;
    private readonly DestroyFunction _destroy;
    private readonly FreeFunction _free;

    private TurboJpegTranscoder(nint library)
    {
        _initTransform = Marshal.GetDelegateForFunctionPointer<InitTransformFunction>(NativeLibrary.GetExport(library, "tjInitTransform"));
        _transform = Marshal.GetDelegateForFunctionPointer<TransformFunction>(NativeLibrary.GetExport(library, "tjTransform"));
        _destroy = Marshal.GetDelegateForFunctionPointer<DestroyFunction>(NativeLibrary.GetExport(library, "tjDestroy"));
        _free = Marshal.GetDelegateForFunctionPointer<FreeFunction>(NativeLibrary.GetExport(library, "tjFree"));
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate nint InitTransformFunction();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int TransformFunction(nint handle, nint source, CULong sourceSize, int count, nint destinations, nint destinationSizes, nint transforms, int flags);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int DestroyFunction(nint handle);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void FreeFunction(nint buffer);

    public static TurboJpegTranscoder? TryLoad()
    {
        foreach (var name in new[] { "libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.0.dylib", "turbojpeg.dll" })
        {
            if (NativeLibrary.TryLoad(name, out var library))
            {
                try
                {
                    return new TurboJpegTranscoder(library);
                }
                catch (EntryPointNotFoundException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    /// <summary>The same image, progressive when asked; null if this libjpeg-turbo did not write what was asked.</summary>
    public byte[]? Transcode(byte[] jpeg, bool progressive)
    {
        int options = progressive ? OptionProgressive : 0;
        nint handle = _initTransform();
        if (handle == 0)
        {
            return null;
        }

        var source = GCHandle.Alloc(jpeg, GCHandleType.Pinned);
        nint transform = Marshal.AllocHGlobal(TransformStructSize);
        nint destination = Marshal.AllocHGlobal(IntPtr.Size);
        nint destinationSize = Marshal.AllocHGlobal(IntPtr.Size);
        try
        {
            for (int i = 0; i < TransformStructSize; i++)
            {
                Marshal.WriteByte(transform, i, 0);
            }

            Marshal.WriteInt32(transform, OptionsOffset, options);
            Marshal.WriteIntPtr(destination, 0);
            Marshal.WriteIntPtr(destinationSize, 0);
            int status = _transform(handle, source.AddrOfPinnedObject(), new CULong((nuint)jpeg.Length), 1, destination, destinationSize, transform, 0);
            nint buffer = Marshal.ReadIntPtr(destination);
            try
            {
                if (status != 0 || buffer == 0)
                {
                    return null;
                }

                var result = new byte[(int)Marshal.ReadIntPtr(destinationSize)];
                Marshal.Copy(buffer, result, 0, result.Length);

                // What the file says it is, not what was asked for: a library may ignore an option it does not know.
                byte frame = JpegSegments.Parse(result).First(segment => JpegSegments.IsStartOfFrame(segment.Marker)).Marker;
                return (frame == 0xC2) == progressive ? result : null;
            }
            finally
            {
                if (buffer != 0)
                {
                    _free(buffer);
                }
            }
        }
        finally
        {
            Marshal.FreeHGlobal(destinationSize);
            Marshal.FreeHGlobal(destination);
            Marshal.FreeHGlobal(transform);
            source.Free();
            _ = _destroy(handle);
        }
    }
}
