using System.Runtime.InteropServices;

namespace SkinLesion.Inference.Images;

/// <summary>
/// glibc's malloc raises its mmap threshold each time a large block is freed (up to 32 MB), so after the first few
/// decoded images every image-sized buffer (ImageSharp's unmanaged pixel buffers beyond its pool, libjpeg-turbo's
/// working memory) comes from the heap arenas instead, where freed blocks are kept rather than returned; with one arena
/// per busy thread the process's memory then creeps up under steady load long after the admission gate's pixel budget
/// says it should be flat (the soak of 2026-11-29 grew by hundreds of MB with a managed heap of under 270 MB).
/// Fixing the threshold makes every block of 128 KB or more its own mapping, returned when freed; capping the arenas
/// bounds what small blocks can strand. Linux with glibc only; elsewhere it does nothing.
/// </summary>
internal static partial class NativeHeap
{
    private const int MallocMmapThreshold = -3; // M_MMAP_THRESHOLD, malloc.h
    private const int MallocArenaMax = -8; // M_ARENA_MAX, malloc.h
    private const int LargeBlockBytes = 128 * 1024; // glibc's own starting threshold
    private const int Arenas = 2;

    private static readonly Lazy<bool> Configured = new(Configure);

    /// <summary>Applies the settings once per process; true when glibc accepted them.</summary>
    internal static bool EnsureConfigured() => Configured.Value;

    private static bool Configure()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // mallopt returns 1 on success; musl's stub returns 0 and changes nothing.
            return Mallopt(MallocMmapThreshold, LargeBlockBytes) == 1 & Mallopt(MallocArenaMax, Arenas) == 1;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
