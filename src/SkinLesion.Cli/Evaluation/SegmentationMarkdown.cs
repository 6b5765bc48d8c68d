using System.Text;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Inference.Segmentation;

namespace SkinLesion.Cli.Evaluation;

/// <summary>The README.md section of an <c>evaluate --segment</c> run: the outline against the reference masks, and what each measure is worth.</summary>
internal static class SegmentationMarkdown
{
    public static string Write(SegmentationFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line();
        Line("## Lesion outline against the reference masks");
        Line();
        Line($"Segmentation graph `{figures.Model.File}` {figures.Model.Version} (sha256 `{figures.Model.Sha256[..16]}…`, threshold {figures.Model.Threshold}); reference masks from `{figures.Masks}`.");
        Line($"{figures.Images} images with a reference mask: {figures.Outlined} outlined, {figures.NotOutlined.GetValueOrDefault(LesionReasons.EmptyMask)} with no lesion found (empty-mask), " +
             $"{figures.NotOutlined.GetValueOrDefault(LesionReasons.TouchesBorder)} whose mask covers more than half of the frame's edge (mask-touches-border), " +
             $"{figures.NotOutlined.GetValueOrDefault(SegmentationCalculator.Rejected)} rejected by the screening (not outlined){(figures.MissingMasks > 0 ? $"; {figures.MissingMasks} evaluated images had no mask and are left out" : string.Empty)}.");
        Line();
        Line("| figure | served pipeline | training's test figure |");
        Line("| --- | --- | --- |");
        Line($"| mean Dice (no outline = 0) | {FigureText.Estimate(figures.Dice)} | {Reference(figures, "dice")} |");
        Line($"| mean Jaccard (no outline = 0) | {FigureText.Estimate(figures.Jaccard)} | {Reference(figures, "jaccard")} |");
        Line($"| mean Dice, outlined images only | {FigureText.Estimate(figures.OutlinedDice)} | — |");
        Line();
        Line("What each measure says about malignancy on this set: the AUC of the measure for malignant against benign over the outlined images (0.5 = no better than chance).");
        Line();
        Line("| measure | images (malignant) | AUC (95% CI) | definition |");
        Line("| --- | --- | --- | --- |");
        foreach (var measure in figures.Measures)
        {
            Line($"| {measure.Label} | {measure.Images} ({measure.Malignant}) | {FigureText.Estimate(measure.Auc)} | {measure.Definition} |");
        }

        Line();
        Line(figures.Definition);
        Line($"Per image: [{SegmentationCsv.FileName}]({SegmentationCsv.FileName}).");
        return text.ToString();
    }

    private static string Reference(SegmentationFigures figures, string key) =>
        figures.TrainingReference?.GetValueOrDefault(key) is { } estimate ? FigureText.Estimate(estimate) : FigureText.Undefined;
}
