namespace SkinLesion.Cli.Data;

/// <summary>
/// The image files under --images that were not read, counted while the wanted ones were: a second file of an id
/// already read, and an image whose id has no row in the label file at all (the row left out, or a misspelt name).
/// Images the label file names but another split holds are neither; the split file left them out on purpose.
/// </summary>
/// <param name="UnlabelledImages">Image ids, not files: a.jpg and a.png of an unlabelled id count once.</param>
/// <param name="UnlabelledExamples">The first few unlabelled ids, in reading order, for the warning.</param>
internal sealed record SourceTally(int DuplicateFiles, int UnlabelledImages, IReadOnlyList<string> UnlabelledExamples)
{
    /// <summary>How many unlabelled ids the warning names.</summary>
    public const int Examples = 3;

    /// <summary>The console's warnings, said alike by evaluate and calibrate.</summary>
    public IEnumerable<string> Warnings
    {
        get
        {
            if (DuplicateFiles > 0)
            {
                yield return $"warning: {DuplicateFiles} file(s) have the image id (file name without extension) of another file under --images; only one of each id was scored (an image's extension first, then path order). Give each image a name of its own.";
            }

            if (UnlabelledSentence is { } unlabelled)
            {
                yield return $"warning: {unlabelled} Add their rows to --labels to score them, or move them out of --images.";
            }
        }
    }

    /// <summary>The unlabelled images in a sentence, for the console and the report's notes; null when there are none.</summary>
    public string? UnlabelledSentence => UnlabelledImages == 0
        ? null
        : $"{UnlabelledImages} image(s) under --images have no row in the label file, so they were not scored (e.g. {string.Join(", ", UnlabelledExamples)}).";
}
