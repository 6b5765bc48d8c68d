using System.Formats.Tar;
using System.IO.Compression;
using System.Threading.Channels;

namespace SkinLesion.Cli.Data;

/// <summary>One image file's bytes, named by its image id (the file name without extension).</summary>
internal sealed record ImageFile(string ImageId, byte[] Bytes);

/// <summary>
/// Images from a folder (searched recursively) or from a .tar.gz read as a stream, never extracted.
/// Only files whose id is wanted are read; the decision about what the bytes are is left to the
/// classifier, which sniffs the content, so a mislabelled BMP shows up as a failure, not as "missing".
/// </summary>
internal sealed class ImageSource
{
    private readonly string _path;

    private ImageSource(string path, bool isArchive)
    {
        _path = path;
        IsArchive = isArchive;
    }

    public bool IsArchive { get; }

    public static ImageSource Open(string path)
    {
        if (Directory.Exists(path))
        {
            return new ImageSource(path, isArchive: false);
        }

        if (File.Exists(path))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase))
            {
                return new ImageSource(path, isArchive: true);
            }

            throw new InputFileException($"Images '{path}' is a file but not a .tar.gz archive; pass a folder of images or a .tar.gz.");
        }

        throw new InputFileException($"Images '{path}' does not exist.");
    }

    /// <summary>
    /// Writes every wanted image found to <paramref name="output"/> and completes it. Returns how many
    /// extra files had an id already seen (the first one wins).
    /// </summary>
    public async Task<int> ReadAsync(IReadOnlySet<string> wanted, ChannelWriter<ImageFile> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(output);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int duplicates = 0;
        try
        {
            if (IsArchive)
            {
                await using var file = File.OpenRead(_path);
                await using var gzip = new GZipStream(file, CompressionMode.Decompress);
                await using var tar = new TarReader(gzip);
                while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                {
                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                    {
                        continue;
                    }

                    var id = IdOf(entry.Name);
                    if (id is null || !wanted.Contains(id))
                    {
                        continue;
                    }

                    if (!seen.Add(id))
                    {
                        duplicates++;
                        continue;
                    }

                    using var memory = new MemoryStream();
                    await entry.DataStream.CopyToAsync(memory, cancellationToken);
                    await output.WriteAsync(new ImageFile(id, memory.ToArray()), cancellationToken);
                }
            }
            else
            {
                // Sorted so that "first one wins" among duplicates does not depend on the file system.
                foreach (var path in Directory.EnumerateFiles(_path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    var id = IdOf(path);
                    if (id is null || !wanted.Contains(id))
                    {
                        continue;
                    }

                    if (!seen.Add(id))
                    {
                        duplicates++;
                        continue;
                    }

                    var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
                    await output.WriteAsync(new ImageFile(id, bytes), cancellationToken);
                }
            }

            output.Complete();
        }
        catch (Exception ex)
        {
            output.Complete(ex);
            throw;
        }

        return duplicates;
    }

    // macOS resource forks ("._name.jpg") carry no image; skip them as training's reader does.
    private static string? IdOf(string entryName)
    {
        var name = Path.GetFileName(entryName);
        return name.Length == 0 || name.StartsWith("._", StringComparison.Ordinal) ? null : Path.GetFileNameWithoutExtension(name);
    }
}
