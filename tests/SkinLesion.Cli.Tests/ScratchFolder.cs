namespace SkinLesion.Cli.Tests;

/// <summary>A folder of its own under the temp directory for one test, deleted with it.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder()
    {
        Directory.CreateDirectory(Path);
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"skinlesion-cli-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
