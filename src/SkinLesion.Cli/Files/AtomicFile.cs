using System.Text;

namespace SkinLesion.Cli.Files;

/// <summary>
/// Writes a file whole or not at all: into a temporary file beside it, then renamed over it. A full disk, a crash or
/// Ctrl-C leaves the previous file as it was (a site profile cut short stopped the service's next start; a report
/// folder kept its old predictions beside a new report), and an output that is a link is replaced, not written through.
/// </summary>
internal static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte order mark, creating the folder.</summary>
    public static void WriteAllText(string path, string text) => Write(path, stream => stream.Write(Utf8.GetBytes(text)));

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, creating its folder.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (full, temporary) = Prepare(path);
        try
        {
            using (var stream = Create(temporary))
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
    public static async Task WriteAsync(string path, Func<Stream, Task> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (full, temporary) = Prepare(path);
        try
        {
            await using (var stream = Create(temporary))
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

    private static FileStream Create(string temporary) => new(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
}
