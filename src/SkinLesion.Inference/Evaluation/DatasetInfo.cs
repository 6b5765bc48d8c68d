namespace SkinLesion.Inference.Evaluation;

/// <summary>report.json "dataset": what was measured and whether it is external to training.</summary>
/// <param name="Task">"seven-class", "isic2017-three-class", "isic2016-melanoma", or <see cref="NegativeTask"/> for a set without diagnoses.</param>
/// <param name="ExcludedBySplit">Labelled images left out because the split file puts them in another split.</param>
public sealed record DatasetInfo(
    string Name,
    string Title,
    bool External,
    string LabelFormat,
    string Task,
    string Images,
    string Labels,
    string? Split,
    string? SplitFile,
    int Labelled,
    int Evaluated,
    int Failed,
    int ExcludedBySplit,
    int DuplicateImageFiles,
    IReadOnlyList<string> ClassesPresent,
    IReadOnlyList<string> ClassesAbsent,
    IReadOnlyDictionary<string, int> ImageSizes)
{
    /// <summary><see cref="Task"/> of a set of non-dermoscopic images without diagnoses (schema 1.1).</summary>
    public const string NegativeTask = "negative";
}
