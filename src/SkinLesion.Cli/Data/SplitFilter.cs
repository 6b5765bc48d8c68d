namespace SkinLesion.Cli.Data;

/// <summary>
/// Which images of a split file (e.g. training/splits/ham10000.csv: image_id,lesion_id,dx,split) belong
/// to one split, so the command can score exactly the images training held out.
/// </summary>
internal static class SplitFilter
{
    public static IReadOnlySet<string> Read(string path, string split)
    {
        if (!File.Exists(path))
        {
            throw new InputFileException($"Split file '{path}' does not exist.");
        }

        var rows = Csv.Parse(File.ReadAllText(path).TrimStart('\uFEFF'), path);
        if (rows.Count == 0)
        {
            throw new InputFileException($"Split file '{path}' is empty.");
        }

        var header = rows[0].Fields.Select(f => f.Trim()).ToList();
        int image = header.FindIndex(h => h.Equals("image_id", StringComparison.OrdinalIgnoreCase));
        int splitColumn = header.FindIndex(h => h.Equals("split", StringComparison.OrdinalIgnoreCase));
        if (image < 0 || splitColumn < 0)
        {
            throw new InputFileException($"Split file '{path}' needs image_id and split columns; its header is '{string.Join(",", header)}'.");
        }

        var selected = new HashSet<string>(StringComparer.Ordinal);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var row in rows.Skip(1))
        {
            if (row.Fields.Count <= Math.Max(image, splitColumn))
            {
                throw new InputFileException($"Split file '{path}', line {row.Line}: too few fields.");
            }

            var name = row.Fields[splitColumn].Trim();
            names.Add(name);
            if (name.Equals(split, StringComparison.Ordinal))
            {
                selected.Add(LabelFile.NormaliseImageId(row.Fields[image]));
            }
        }

        return selected.Count > 0
            ? selected
            : throw new InputFileException($"Split file '{path}' has no images in split '{split}'; its splits are: {string.Join(", ", names)}.");
    }
}
