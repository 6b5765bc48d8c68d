namespace SkinLesion.Tests.Shared;

/// <summary>A fact that needs a file some Debian package installs (CI installs it); skipped, naming the package, when absent.</summary>
internal sealed class SystemFileFactAttribute : FactAttribute
{
    public SystemFileFactAttribute(string path, string package)
    {
        if (!File.Exists(path))
        {
            Skip = $"{path} is absent (Debian package {package}).";
        }
    }
}
