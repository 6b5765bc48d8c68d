using System.Text;

namespace SkinLesion.Cli.Files;

/// <summary>
/// Writes a file whole or not at all: into a temporary file beside it, then renamed over it. A full disk, a crash or
/// Ctrl-C leaves the previous file as it was (a site profile cut short stopped the service's next start; a report
/// folder kept its old predictions beside a new report), and an output that is a link is replaced, not written through.
/// The replacement keeps the mode of the file it replaces (Unix); a new file gets <c>newFileMode</c>, or the umask's.
/// </summary>
internal static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte order mark, creating the folder.</summary>
    public static void WriteAllText(string path, string text) => Write(path, stream => stream.Write(Utf8.GetBytes(text)));

    /// <summary>
    /// Checks, before a long run, that <paramref name="path"/> can be written the way this class writes it: a new file
    /// made and removed in its folder or, when that folder is still to be made, in the nearest one that exists, so a run
    /// refused later leaves no empty folders behind. Whether the old file itself is writable does not matter; the folder
    /// does.
    /// </summary>
    /// <exception cref="IOException">The folder cannot be made or written.</exception>
    /// <exception cref="UnauthorizedAccessException">This user may not write the folder.</exception>
    public static void RequireWritable(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        while (folder is not null && !Directory.Exists(folder))
        {
            if (File.Exists(folder))
            {
                throw new IOException($"'{folder}' is a file, so the folder for '{full}' cannot be made.");
            }

            folder = Path.GetDirectoryName(folder);
        }

        if (folder is null)
        {
            throw new IOException($"'{path}' has no folder to write in.");
        }

        string probe = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.probe");
        using var created = OpenNew(full, probe, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1, Options = FileOptions.DeleteOnClose,
        });
    }

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, creating its folder.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (full, temporary) = Prepare(path);
        try
        {
            using (var stream = Create(full, temporary, ModeFor(full, newFileMode: null)))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, creating its folder.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="write">Writes the content.</param>
    /// <param name="newFileMode">The mode of the file when it does not exist yet (Unix); null for the umask's.</param>
    public static async Task WriteAsync(string path, Func<Stream, Task> write, UnixFileMode? newFileMode = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (full, temporary) = Prepare(path);
        try
        {
            await using (var stream = Create(full, temporary, ModeFor(full, newFileMode)))
            {
                await write(stream);
                await stream.FlushAsync();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static (string Full, string Temporary) Prepare(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new IOException($"'{path}' has no folder to write in.");
        Directory.CreateDirectory(directory);
        return (full, Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial"));
    }

    private static UnixFileMode? ModeFor(string full, UnixFileMode? newFileMode) =>
        OperatingSystem.IsWindows() ? null : File.Exists(full) ? File.GetUnixFileMode(full) : newFileMode;

    private static FileStream Create(string full, string temporary, UnixFileMode? mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (mode is { } unixMode && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = unixMode;
        }

        return OpenNew(full, temporary, options);
    }

    /// <summary>Creates <paramref name="path"/>, a file of this class's own beside <paramref name="full"/>, the output.</summary>
    private static FileStream OpenNew(string full, string path, FileStreamOptions options)
    {
        // The runtime's messages name the file made here, which the user never asked for; these name the output.
        string folder = Path.GetDirectoryName(path)!;
        try
        {
            return new FileStream(path, options);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new UnauthorizedAccessException($"'{full}' cannot be written: this user may not create files in '{folder}'.", ex);
        }
        catch (IOException ex)
        {
            // A read-only filesystem (the container's root) or a full disk. The message is the system's reason followed
            // by " : '<path>'", of which the reason is kept.
            throw new IOException($"'{full}' cannot be written: no file can be created in '{folder}' ({ex.Message.Split(" : '", 2)[0]}).", ex);
        }
    }
}
