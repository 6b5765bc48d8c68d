using SkinLesion.Cli.Files;

namespace SkinLesion.Cli.Tests;

/// <summary>Outputs written whole or not at all (reports, matrices, site profiles, audit exports).</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Write_FailsPartWay_ThePreviousFileStaysAndNothingPartialIsLeft()
    {
        // Arrange
        string path = Path.Combine(_scratch.Path, "site-profile.json");
        File.WriteAllText(path, "the previous profile");

        // Act: the writer dies after some bytes, as on a full disk.
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("{ \"half"u8);
            throw new IOException("No space left on device");
        }));

        // Assert
        Assert.Equal("the previous profile", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_scratch.Path));
    }

    [Fact]
    public void WriteAllText_OverALink_ReplacesTheLinkAndLeavesItsTargetAlone()
    {
        // Arrange
        string target = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(target, "image,dx\n");
        string link = Path.Combine(_scratch.Path, "out.csv");
        File.CreateSymbolicLink(link, target);

        // Act
        AtomicFile.WriteAllText(link, "written");

        // Assert
        Assert.Equal("image,dx\n", File.ReadAllText(target));
        Assert.Equal("written", File.ReadAllText(link));
        Assert.Null(new FileInfo(link).LinkTarget);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Write_OverAFileOfItsOwnMode_TheReplacementKeepsItAndANewFileTakesTheModeAskedFor()
    {
        // Arrange: an export the operator made readable by its owner only.
        string kept = Path.Combine(_scratch.Path, "export.csv");
        File.WriteAllText(kept, "old");
        File.SetUnixFileMode(kept, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string created = Path.Combine(_scratch.Path, "new-export.csv");

        // Act
        AtomicFile.WriteAllText(kept, "new");
        await AtomicFile.WriteAsync(created, stream => stream.WriteAsync("a"u8.ToArray()).AsTask(), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // Assert
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(kept));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(created));
    }

    [Fact]
    public async Task WriteAsync_MissingFolder_IsCreated()
    {
        // Arrange
        string path = Path.Combine(_scratch.Path, "exports", "2026", "audit.csv");

        // Act
        await AtomicFile.WriteAsync(path, stream => stream.WriteAsync("a,b\n"u8.ToArray()).AsTask());

        // Assert
        Assert.Equal("a,b\n", await File.ReadAllTextAsync(path));
    }
}
