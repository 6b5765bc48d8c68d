namespace SkinLesion.Cli.Data;

/// <summary>The labelled images a run scores: the label file's, less those another split holds.</summary>
/// <param name="Images">The label file's images in the wanted split (all of them without a split), in file order.</param>
/// <param name="ExcludedBySplit">Labelled images left out by the split file: in another split, or (<paramref name="NotInSplitFile"/>) in none.</param>
/// <param name="NotInSplitFile">Those of them the split file names in no split at all.</param>
internal sealed record LabelSelection(LabelSet LabelSet, IReadOnlyList<LabelledImage> Images, int ExcludedBySplit, IReadOnlyList<string> NotInSplitFile)
{
    /// <summary>
    /// A warning when the split file does not cover the labels (they were counted as "in other splits" before): a label
    /// file and a split file of different sets look alike until the counts are read.
    /// </summary>
    public string? Warning => NotInSplitFile.Count == 0
        ? null
        : $"warning: {NotInSplitFile.Count} labelled image(s) are in no split of the split file (e.g. {string.Join(", ", NotInSplitFile.Take(3))}) and were left out; check that the labels and the split file describe the same images.";

    /// <param name="split">The split to keep, named in <paramref name="splitFile"/>; null keeps every labelled image.</param>
    public static LabelSelection Read(string labels, string? split, string? splitFile)
    {
        var labelSet = LabelFile.Read(labels);
        if (split is null || splitFile is null)
        {
            return new LabelSelection(labelSet, labelSet.Images, 0, []);
        }

        var membership = SplitFilter.Read(splitFile, split);
        List<LabelledImage> images = [.. labelSet.Images.Where(l => membership.Selected.Contains(l.ImageId))];
        List<string> unlisted = [.. labelSet.Images.Where(l => !membership.Listed.Contains(l.ImageId)).Select(l => l.ImageId)];
        if (images.Count == 0)
        {
            throw new InputFileException($"None of the {labelSet.Images.Count} labelled images is in split '{split}' of '{splitFile}'.");
        }

        return new LabelSelection(labelSet, images, labelSet.Images.Count - images.Count, unlisted);
    }
}
