namespace SkinLesion.Tests.Shared;

/// <summary>A theory about behaviour only Linux has (a native library's Linux build); skipped, saying why, elsewhere.</summary>
internal sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute(string why)
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = $"Linux only: {why}";
        }
    }
}
