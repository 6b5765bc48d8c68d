using System.Formats.Tar;
using System.IO.Compression;

namespace SkinLesion.Tests.Shared;

/// <summary>Reads HAM10000 JPEGs straight out of images.tar.gz, without extracting anything to disk.</summary>
internal static class HamArchive
{
    /// <summary>Returns the bytes of images/&lt;id&gt;.jpg for every requested id found in the archive.</summary>
    public static Dictionary<string, byte[]> Read(IEnumerable<string> imageIds) =>
        ReadEntries(RepoLayout.ImagesArchivePath, imageIds, name => Path.GetFileNameWithoutExtension(name));

    /// <summary>Returns the bytes of masks/&lt;id&gt;_segmentation.png (200x150, 255 = lesion) for every requested id found.</summary>
    public static Dictionary<string, byte[]> ReadMasks(IEnumerable<string> imageIds) =>
        ReadEntries(
            RepoLayout.MasksArchivePath,
            imageIds,
            name => Path.GetFileNameWithoutExtension(name).Replace("_segmentation", string.Empty, StringComparison.Ordinal));

    private static Dictionary<string, byte[]> ReadEntries(string archivePath, IEnumerable<string> imageIds, Func<string, string> idOf)
    {
        var wanted = new HashSet<string>(imageIds, StringComparer.Ordinal);
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var file = File.OpenRead(archivePath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (found.Count < wanted.Count && tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
            {
                continue;
            }

            var id = idOf(entry.Name);
            if (!wanted.Contains(id))
            {
                continue;
            }

            using var memory = new MemoryStream();
            entry.DataStream.CopyTo(memory);
            found[id] = memory.ToArray();
        }

        return found;
    }

    /// <summary>The first n rows with split=validation in training/splits/ham10000.csv, in file order.</summary>
    public static IReadOnlyList<(string ImageId, string Dx)> ValidationRows(int count) => SplitRows("validation", count);

    /// <summary>The first n rows of the given split in training/splits/ham10000.csv, in file order.</summary>
    public static IReadOnlyList<(string ImageId, string Dx)> SplitRows(string split, int count)
    {
        var lines = File.ReadLines(RepoLayout.SplitsPath).ToList();
        var header = lines[0].Split(',');
        int idColumn = Array.IndexOf(header, "image_id");
        int dxColumn = Array.IndexOf(header, "dx");
        int splitColumn = Array.IndexOf(header, "split");
        return lines.Skip(1)
            .Select(line => line.Split(','))
            .Where(fields => fields.Length > splitColumn && fields[splitColumn] == split)
            .Take(count)
            .Select(fields => (fields[idColumn], fields[dxColumn]))
            .ToList();
    }
}
