using System.Globalization;

namespace SkinLesion.Cli.Data;

/// <summary>Reads a label file in any of the <see cref="LabelFormat"/> shapes.</summary>
internal static class LabelFile
{
    /// <summary>The seven class codes, in the model's label order.</summary>
    public static readonly IReadOnlyList<string> SevenClassCodes = ["akiec", "bcc", "bkl", "df", "mel", "nv", "vasc"];

    private static readonly string[] Isic2018Columns = ["MEL", "NV", "BCC", "AKIEC", "BKL", "DF", "VASC"];

    public static LabelSet Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputFileException(Directory.Exists(path) ? $"Labels '{path}' is a folder; give the labels CSV file." : $"Labels file '{path}' does not exist.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <param name="source">Shown in error messages (the file's path).</param>
    public static LabelSet Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = Csv.Parse(text.TrimStart('\uFEFF'), source);
        if (rows.Count == 0)
        {
            throw new InputFileException($"Labels file '{source}' is empty.");
        }

        var header = rows[0].Fields.Select(f => f.Trim()).ToArray();
        var columns = header
            .Select((name, index) => (name, index))
            .GroupBy(c => c.name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().index, StringComparer.OrdinalIgnoreCase);

        int Column(string name) => columns.TryGetValue(name, out int index) ? index : -1;
        var body = rows.Skip(1).ToList();

        if (Isic2018Columns.All(columns.ContainsKey) && columns.ContainsKey("image"))
        {
            return new LabelSet(LabelFormat.Isic2018Task3, ReadIsic2018(body, Column("image"), Isic2018Columns.Select(Column).ToArray(), source));
        }

        if (columns.ContainsKey("melanoma") && columns.ContainsKey("seborrheic_keratosis"))
        {
            return new LabelSet(LabelFormat.Isic2017Part3, ReadIsic2017(body, RequireImageColumn(columns, source), Column("melanoma"), Column("seborrheic_keratosis"), Column("dx"), source));
        }

        if (columns.ContainsKey("malignant"))
        {
            return new LabelSet(LabelFormat.Isic2016Part3, ReadIsic2016(body, RequireImageColumn(columns, source), Column("malignant"), source));
        }

        if (columns.ContainsKey("dx"))
        {
            int lesion = Column("lesion_id");
            var format = lesion >= 0 ? LabelFormat.Ham10000Metadata : LabelFormat.ImageIdDx;
            return new LabelSet(format, ReadSevenClass(body, RequireImageColumn(columns, source), Column("dx"), lesion, source));
        }

        if (columns.ContainsKey("group"))
        {
            return new LabelSet(LabelFormat.NegativeGroups, ReadNegative(body, RequireImageColumn(columns, source), Column("group"), source));
        }

        // The official ISBI 2016 part 3 ground truth has no header: "ISIC_0000003,0.0".
        if (header.Length == 2 && TryParseBinary(header[1], out _))
        {
            return new LabelSet(LabelFormat.Isic2016Part3, ReadIsic2016([.. rows], 0, 1, source));
        }

        throw new InputFileException(
            $"Labels file '{source}': unrecognised header '{string.Join(",", header)}'. Expected one of: " +
            "HAM10000 metadata (lesion_id,image_id,dx,...); ISIC 2018 task 3 (image,MEL,NV,BCC,AKIEC,BKL,DF,VASC); " +
            "ISIC 2017 part 3 (image_id,melanoma,seborrheic_keratosis); ISIC 2016 part 3 (image_id,malignant, or two columns without a header); " +
            "image_id,dx with dx one of " + string.Join("/", SevenClassCodes) + "; or a negative set (image_id,group[,source]).");
    }

    /// <summary>"ISIC_0000000.jpg" and "ISIC_0000000" name the same image.</summary>
    public static string NormaliseImageId(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        var extension = Path.GetExtension(trimmed);
        return extension.ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" ? trimmed[..^extension.Length] : trimmed;
    }

    private static int RequireImageColumn(Dictionary<string, int> columns, string source)
    {
        foreach (var name in new[] { "image_id", "image", "isic_id" })
        {
            if (columns.TryGetValue(name, out int index))
            {
                return index;
            }
        }

        throw new InputFileException($"Labels file '{source}': no image_id column in the header.");
    }

    private static List<LabelledImage> ReadSevenClass(List<CsvRow> rows, int imageColumn, int dxColumn, int lesionColumn, string source)
    {
        var images = new List<LabelledImage>(rows.Count);
        foreach (var row in rows)
        {
            var dx = Field(row, dxColumn, source).ToLowerInvariant();
            if (!SevenClassCodes.Contains(dx))
            {
                throw new InputFileException($"Labels file '{source}', line {row.Line}: dx '{dx}' is not one of {string.Join(", ", SevenClassCodes)}.");
            }

            // A lesion id groups images for the bootstrap: an empty one would put every image without an id into one lesion.
            var lesion = lesionColumn >= 0 ? Field(row, lesionColumn, source) : null;
            if (lesion is not null && lesion.Trim().Length == 0)
            {
                throw new InputFileException($"Labels file '{source}', line {row.Line}: lesion_id is empty. Give every image its lesion's id, or leave out the lesion_id column to resample images one by one.");
            }

            images.Add(new LabelledImage(ImageId(row, imageColumn, source), dx, dx == "mel", null, lesion, row.Line));
        }

        return CheckUnique(images, source);
    }

    private static List<LabelledImage> ReadIsic2018(List<CsvRow> rows, int imageColumn, int[] classColumns, string source)
    {
        // Column order of the ISIC 2018 file mapped to the model's codes.
        string[] codes = ["mel", "nv", "bcc", "akiec", "bkl", "df", "vasc"];
        var images = new List<LabelledImage>(rows.Count);
        foreach (var row in rows)
        {
            string? dx = null;
            for (int k = 0; k < classColumns.Length; k++)
            {
                if (!TryParseBinary(Field(row, classColumns[k], source), out bool set))
                {
                    throw new InputFileException($"Labels file '{source}', line {row.Line}: {Isic2018Columns[k]} must be 0 or 1, got '{Field(row, classColumns[k], source)}'.");
                }

                if (set)
                {
                    if (dx is not null)
                    {
                        throw new InputFileException($"Labels file '{source}', line {row.Line}: more than one class is 1 (one-hot expected).");
                    }

                    dx = codes[k];
                }
            }

            if (dx is null)
            {
                throw new InputFileException($"Labels file '{source}', line {row.Line}: no class is 1 (one-hot expected).");
            }

            images.Add(new LabelledImage(ImageId(row, imageColumn, source), dx, dx == "mel", null, null, row.Line));
        }

        return CheckUnique(images, source);
    }

    private static List<LabelledImage> ReadIsic2017(List<CsvRow> rows, int imageColumn, int melanomaColumn, int keratosisColumn, int dxColumn, string source)
    {
        var images = new List<LabelledImage>(rows.Count);
        foreach (var row in rows)
        {
            bool melanoma = Binary(row, melanomaColumn, "melanoma", source);
            bool keratosis = Binary(row, keratosisColumn, "seborrheic_keratosis", source);
            if (melanoma && keratosis)
            {
                throw new InputFileException($"Labels file '{source}', line {row.Line}: melanoma and seborrheic_keratosis are both 1.");
            }

            // The set has three diagnoses; the one that is neither melanoma nor keratosis is a nevus.
            var dx = melanoma ? "mel" : keratosis ? "bkl" : "nv";
            if (dxColumn >= 0 && !string.Equals(Field(row, dxColumn, source), dx, StringComparison.OrdinalIgnoreCase))
            {
                throw new InputFileException($"Labels file '{source}', line {row.Line}: dx '{Field(row, dxColumn, source)}' contradicts melanoma={(melanoma ? 1 : 0)}, seborrheic_keratosis={(keratosis ? 1 : 0)} (expected {dx}).");
            }

            images.Add(new LabelledImage(ImageId(row, imageColumn, source), dx, melanoma, keratosis, null, row.Line));
        }

        return CheckUnique(images, source);
    }

    private static List<LabelledImage> ReadIsic2016(List<CsvRow> rows, int imageColumn, int malignantColumn, string source)
    {
        var images = new List<LabelledImage>(rows.Count);
        foreach (var row in rows)
        {
            bool malignant = Binary(row, malignantColumn, "malignant", source);
            images.Add(new LabelledImage(ImageId(row, imageColumn, source), null, malignant, null, null, row.Line));
        }

        return CheckUnique(images, source);
    }

    private static List<LabelledImage> ReadNegative(List<CsvRow> rows, int imageColumn, int groupColumn, string source)
    {
        var images = new List<LabelledImage>(rows.Count);
        foreach (var row in rows)
        {
            var group = Field(row, groupColumn, source);
            if (group.Length == 0)
            {
                throw new InputFileException($"Labels file '{source}', line {row.Line}: empty group.");
            }

            images.Add(new LabelledImage(ImageId(row, imageColumn, source), null, false, null, null, row.Line) { Group = group });
        }

        return CheckUnique(images, source);
    }

    private static List<LabelledImage> CheckUnique(List<LabelledImage> images, string source)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            if (!seen.TryAdd(image.ImageId, image.Line))
            {
                throw new InputFileException($"Labels file '{source}', line {image.Line}: image '{image.ImageId}' is already labelled on line {seen[image.ImageId]}.");
            }
        }

        if (images.Count == 0)
        {
            throw new InputFileException($"Labels file '{source}' has a header but no labelled images.");
        }

        return images;
    }

    private static string ImageId(CsvRow row, int column, string source)
    {
        var id = NormaliseImageId(Field(row, column, source));
        return id.Length > 0 ? id : throw new InputFileException($"Labels file '{source}', line {row.Line}: empty image id.");
    }

    private static bool Binary(CsvRow row, int column, string name, string source) =>
        TryParseBinary(Field(row, column, source), out bool value)
            ? value
            : throw new InputFileException($"Labels file '{source}', line {row.Line}: {name} must be 0 or 1 (or benign/malignant), got '{Field(row, column, source)}'.");

    private static string Field(CsvRow row, int column, string source) =>
        column < row.Fields.Count
            ? row.Fields[column].Trim()
            : throw new InputFileException($"Labels file '{source}', line {row.Line}: {row.Fields.Count} field(s), column {column + 1} expected.");

    // The challenges write 0/1, 0.0/1.0 or benign/malignant.
    private static bool TryParseBinary(string text, out bool value)
    {
        var trimmed = text.Trim();
        if (trimmed.Equals("malignant", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }

        if (trimmed.Equals("benign", StringComparison.OrdinalIgnoreCase))
        {
            value = false;
            return true;
        }

        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && (number == 0 || number == 1))
        {
            value = number == 1;
            return true;
        }

        value = false;
        return false;
    }
}
