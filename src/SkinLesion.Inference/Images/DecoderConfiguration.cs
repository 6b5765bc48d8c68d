using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;

namespace SkinLesion.Inference.Images;

/// <summary>
/// The ImageSharp configurations this project decodes with. Only PNG and JPEG are registered, so no other ImageSharp
/// codec (GIF, BMP, TGA, WebP, TIFF, PBM) is reachable from any input even if sniffing were bypassed.
/// </summary>
internal static class DecoderConfiguration
{
    // Enough to keep a few model-sized and phone-sized working buffers warm; see ForUploads for why it is bounded.
    private const int PoolMegabytes = 64;

    /// <summary>PNG and JPEG and nothing else, with ImageSharp's defaults otherwise (e.g. reference masks of a data set).</summary>
    internal static Configuration PngAndJpegOnly() => new(new PngConfigurationModule(), new JpegConfigurationModule());

    /// <summary>
    /// For uploads. Parallelism comes from concurrent requests, not from splitting one image across cores. Contiguous
    /// buffers let libjpeg-turbo decode straight into the image's memory. ImageSharp's default allocator may keep a pool
    /// of up to a share of the machine's physical memory, trimmed only after minutes of inactivity; under steady load a
    /// process's memory then creeps towards that share instead of the budget the admission gate enforces. A small pool
    /// keeps reuse for the common small image and returns large frames to the OS.
    /// </summary>
    internal static Configuration ForUploads()
    {
        var configuration = PngAndJpegOnly();
        configuration.MaxDegreeOfParallelism = 1;
        configuration.PreferContiguousImageBuffers = true;
        configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { MaximumPoolSizeMegabytes = PoolMegabytes });
        return configuration;
    }
}
