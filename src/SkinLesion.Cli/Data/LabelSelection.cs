namespace SkinLesion.Cli.Data;

/// <summary>The labelled images a run scores: the label file's, less those another split holds.</summary>
/// <param name="Images">The label file's images in the wanted split (all of them without a split), in file order.</param>
/// <param name="ExcludedBySplit">Labelled images left out because the split file puts them in another split.</param>
internal sealed record LabelSelection(LabelSet LabelSet, IReadOnlyList<LabelledImage> Images, int ExcludedBySplit)
{
    /// <param name="split">The split to keep, named in <paramref name="splitFile"/>; null keeps every labelled image.</param>
    public static LabelSelection Read(string labels, string? split, string? splitFile)
    {
        var labelSet = LabelFile.Read(labels);
        if (split is null || splitFile is null)
        {
            return new LabelSelection(labelSet, labelSet.Images, 0);
        }

        var inSplit = SplitFilter.Read(splitFile, split);
        List<LabelledImage> images = [.. labelSet.Images.Where(l => inSplit.Contains(l.ImageId))];
        if (images.Count == 0)
        {
            throw new InputFileException($"None of the {labelSet.Images.Count} labelled images is in split '{split}' of '{splitFile}'.");
        }

        return new LabelSelection(labelSet, images, labelSet.Images.Count - images.Count);
    }
}
