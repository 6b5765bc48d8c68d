namespace SkinLesion.Audit.Tests;

/// <summary>A fact about Unix file modes; skipped, saying why, on Windows.</summary>
internal sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute(string why)
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = $"Unix only: {why}";
        }
    }
}
