namespace SkinLesion.Cli.Data;

/// <summary>
/// Which images of a split file (e.g. training/splits/ham10000.csv: image_id,lesion_id,dx,split) belong
/// to one split, so the command can score exactly the images training held out.
/// </summary>
internal static class SplitFilter
{
    public static SplitMembership Read(string path, string split)
    {
        if (!File.Exists(path))
        {
            throw new InputFileException(Directory.Exists(path) ? $"Split file '{path}' is a folder; give the split CSV file." : $"Split file '{path}' does not exist.");
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
        var splitOf = new Dictionary<string, (string Split, int Line)>(StringComparer.Ordinal);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var row in rows.Skip(1))
        {
            if (row.Fields.Count <= Math.Max(image, splitColumn))
            {
                throw new InputFileException($"Split file '{path}', line {row.Line}: too few fields.");
            }

            var name = row.Fields[splitColumn].Trim();
            var id = LabelFile.NormaliseImageId(row.Fields[image]);
            names.Add(name);

            // An image in two splits makes the split file unfit to say what was held out.
            if (splitOf.TryGetValue(id, out var first) && first.Split != name)
            {
                throw new InputFileException($"Split file '{path}', line {row.Line}: image '{id}' is in split '{name}', but line {first.Line} puts it in '{first.Split}'.");
            }

            splitOf[id] = (name, row.Line);
            if (name.Equals(split, StringComparison.Ordinal))
            {
                selected.Add(id);
            }
        }

        return selected.Count > 0
            ? new SplitMembership(selected, splitOf.Keys.ToHashSet(StringComparer.Ordinal))
            : throw new InputFileException($"Split file '{path}' has no images in split '{split}'; its splits are: {string.Join(", ", names)}.");
    }
}
