using SkinLesion.Inference.Images;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

public sealed class NativeHeapTests
{
    // Debian (CI, the container image) runs glibc, whose mallopt accepts both settings; see NativeHeap for why they matter.
    [SystemFileFact("/lib/x86_64-linux-gnu/libc.so.6", "libc6")]
    public void EnsureConfigured_OnGlibc_AcceptsTheMmapThresholdAndArenaCap()
    {
        Assert.True(NativeHeap.EnsureConfigured());
    }
}
