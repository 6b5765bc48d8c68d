using System.Formats.Tar;
using System.IO.Compression;
using System.IO.Enumeration;
using System.Threading.Channels;

namespace SkinLesion.Cli.Data;

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

    /// <param name="what">What the path holds, for messages: "Images" or "Masks".</param>
    public static ImageSource Open(string path, string what = "Images")
    {
        if (Directory.Exists(path))
        {
            // Unreadable subfolders are skipped while the images are listed; an unreadable top folder would make every
            // labelled image "not found", which sends the user looking for files that are there.
            try
            {
                using var entries = Directory.EnumerateFileSystemEntries(path).GetEnumerator();
                _ = entries.MoveNext();
            }
            catch (UnauthorizedAccessException)
            {
                throw new InputFileException($"{what} folder '{path}' cannot be read (permission denied); give this user read and list access to it.");
            }

            return new ImageSource(path, isArchive: false);
        }

        if (File.Exists(path))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase))
            {
                return new ImageSource(path, isArchive: true);
            }

            throw new InputFileException($"{what} '{path}' is a file but not a .tar.gz archive; pass a folder or a .tar.gz.");
        }

        throw new InputFileException($"Images '{path}' does not exist.");
    }

    /// <summary>
    /// Writes every wanted image found to <paramref name="output"/> and completes it. Returns the files not read:
    /// extra files of an id already seen (the first one wins), and images of an id not in <paramref name="labelled"/>.
    /// </summary>
    /// <param name="wanted">The ids to read.</param>
    /// <param name="labelled">Every id the label file names, wanted or left out by a split.</param>
    public async Task<SourceTally> ReadAsync(IReadOnlySet<string> wanted, IReadOnlySet<string> labelled, ChannelWriter<ImageFile> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(labelled);
        ArgumentNullException.ThrowIfNull(output);
        var selection = new Selection(wanted, labelled);
        try
        {
            if (IsArchive)
            {
                try
                {
                    await ReadArchiveAsync(selection, output, cancellationToken);
                }
                catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
                {
                    // gzip's and tar's own words name neither the file nor what to do.
                    throw new InputFileException($"'{_path}' is not a readable .tar.gz archive ({ex.Message}); it may be damaged or cut short. Make it again, or pass the folder of images.");
                }
            }
            else
            {
                await ReadFolderAsync(selection, output, cancellationToken);
            }

            output.Complete();
        }
        catch (Exception ex)
        {
            output.Complete(ex);
            throw;
        }

        return new SourceTally(selection.Duplicates, selection.Unlabelled, selection.UnlabelledExamples);
    }

    private async Task ReadArchiveAsync(Selection selection, ChannelWriter<ImageFile> output, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(_path);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);

        // As in a folder, an image's extension wins among entries of one id: another file of a wanted id is held back
        // until the archive has shown whether an image of that id follows.
        var heldBack = new List<(string Name, byte[] Bytes)>();
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null || !selection.Wants(entry.Name))
            {
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                {
                    selection.NoteUnwanted(entry.Name);
                }

                continue;
            }

            if (!ImageExtensions.Contains(Path.GetExtension(entry.Name)))
            {
                heldBack.Add((entry.Name, await ReadAsync(entry.DataStream, cancellationToken)));
            }
            else if (selection.Take(entry.Name) is { } id)
            {
                await output.WriteAsync(new ImageFile(id, await ReadAsync(entry.DataStream, cancellationToken)), cancellationToken);
            }
        }

        foreach (var (name, bytes) in heldBack)
        {
            if (selection.Take(name) is { } id)
            {
                await output.WriteAsync(new ImageFile(id, bytes), cancellationToken);
            }
        }
    }

    private static async Task<byte[]> ReadAsync(Stream entry, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream();
        await entry.CopyToAsync(memory, cancellationToken);
        return memory.ToArray();
    }

    private async Task ReadFolderAsync(Selection selection, ChannelWriter<ImageFile> output, CancellationToken cancellationToken)
    {
        // Sorted so that "first one wins" among duplicates does not depend on the file system, and so that among files of
        // one id an image's extension wins: a labels.csv sidecar or a .txt note beside ISIC_0000003.jpg must not be scored
        // in the image's place (and the image counted as the duplicate).
        // A subfolder that cannot be listed is passed over: its images count as not found, each listed, not as the run's end.
        // Links to images are read; links to folders are not followed, since one pointing up the tree (up -> ..) made the
        // walk endless and one pointing at itself read every image forty times over.
        var files = new FileSystemEnumerable<string>(_path, static (ref FileSystemEntry entry) => entry.ToFullPath(),
            new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = static (ref FileSystemEntry entry) => !entry.IsDirectory,
            ShouldRecursePredicate = static (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        var paths = files
            .OrderBy(path => IdOf(path), StringComparer.Ordinal)
            .ThenBy(path => ImageExtensions.Contains(Path.GetExtension(path)) ? 0 : 1)
            .ThenBy(path => path, StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (selection.Take(path) is not { } id)
            {
                selection.NoteUnwanted(path);
                continue;
            }

            // One file that cannot be read is that image's failure, listed in the report, not the run's end.
            ImageFile file;
            try
            {
                file = new ImageFile(id, await File.ReadAllBytesAsync(path, cancellationToken));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                file = new ImageFile(id, []) { Unreadable = ex.Message };
            }

            await output.WriteAsync(file, cancellationToken);
        }
    }

    private static readonly HashSet<string> ImageExtensions = new([".jpg", ".jpeg", ".jfif", ".png"], StringComparer.OrdinalIgnoreCase);

    // macOS resource forks ("._name.jpg") carry no image; skip them as training's reader does.
    private static string? IdOf(string entryName)
    {
        var name = Path.GetFileName(entryName);
        return name.Length == 0 || name.StartsWith("._", StringComparison.Ordinal) ? null : Path.GetFileNameWithoutExtension(name);
    }

    /// <summary>The files to read: those of a wanted id, the first file of each id only.</summary>
    private sealed class Selection(IReadOnlySet<string> wanted, IReadOnlySet<string> labelled)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly HashSet<string> _unlabelled = new(StringComparer.Ordinal);
        private readonly List<string> _unlabelledExamples = [];

        /// <summary>How many extra files had an id already seen.</summary>
        public int Duplicates { get; private set; }

        /// <summary>How many image ids were found that the label file does not name.</summary>
        public int Unlabelled => _unlabelled.Count;

        public IReadOnlyList<string> UnlabelledExamples => _unlabelledExamples;

        /// <summary>
        /// Counts a file not read when it is an image whose id the label file does not name. Other files (a labels.csv
        /// or notes kept beside the images) are not images anyone meant to score; an id counts once, whatever its files.
        /// </summary>
        public void NoteUnwanted(string name)
        {
            if (IdOf(name) is { } id && !labelled.Contains(id) && ImageExtensions.Contains(Path.GetExtension(name)) && _unlabelled.Add(id)
                && _unlabelledExamples.Count < SourceTally.Examples)
            {
                _unlabelledExamples.Add(id);
            }
        }

        /// <summary>Whether the file at <paramref name="name"/> has a wanted image id (read or not).</summary>
        public bool Wants(string name) => IdOf(name) is { } id && wanted.Contains(id);

        /// <summary>The image id of the file at <paramref name="name"/> when it is to be read; null to skip it.</summary>
        public string? Take(string name)
        {
            var id = IdOf(name);
            if (id is null || !wanted.Contains(id))
            {
                return null;
            }

            if (_seen.Add(id))
            {
                return id;
            }

            Duplicates++;
            return null;
        }
    }
}
