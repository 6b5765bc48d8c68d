using System.Globalization;
using SkinLesion.Cli.Data;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Cli.Commands;

/// <summary>The few lines the command prints when the report is written: the headline, the assessment, the agreement with training.</summary>
internal sealed class ConsoleSummary(TextWriter output, TextWriter error)
{
    /// <param name="source">The image files the run did not read, warned about on standard error.</param>
    public async Task WriteAsync(EvaluationReport report, SourceTally source, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(source);
        foreach (var h in report.Headline)
        {
            string ci = h.Ci95 is { Count: 2 } ? $" ({FigureText.Interval(h.Ci95)})" : string.Empty;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {h.Label,-24} {FigureText.Number(h.Value)}{ci}"));
        }

        if (report.Assessment is { } assessment)
        {
            await WriteAssessmentAsync(report, assessment);
        }

        if (report.TrainingReference is { } reference)
        {
            await output.WriteLineAsync(reference.IdenticalToFourDecimals
                ? $"  agrees with {reference.Source}: every value and interval identical to four decimals"
                : string.Create(CultureInfo.InvariantCulture, $"  vs {reference.Source}: largest difference {reference.MaxAbsDifference:0.0000}"));
        }

        if (report.Segmentation is { } segmentation)
        {
            await output.WriteLineAsync($"  segmentation: {segmentation.Outlined} of {segmentation.Images} images outlined; mean Dice {FigureText.Estimate(segmentation.Dice)}, mean Jaccard {FigureText.Estimate(segmentation.Jaccard)}");
            foreach (var measure in segmentation.Measures)
            {
                await output.WriteLineAsync($"    {measure.Label,-24} AUC {FigureText.Estimate(measure.Auc)}");
            }
        }

        if (report.Failures.Count > 0)
        {
            await error.WriteLineAsync($"warning: {report.Failures.Count} image(s) failed and are listed in the report, e.g. {report.Failures[0].ImageId}: {report.Failures[0].Reason}");
        }

        foreach (var warning in source.Warnings)
        {
            await error.WriteLineAsync(warning);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{report.Dataset.Evaluated} images at {report.Run.ImagesPerSecond:0.0} images/s; report in {Path.Combine(directory, ReportWriter.ReportFile)}"));
    }

    /// <summary>The statuses, then per group on a negative set, or the headline on the accepted images on a labelled one.</summary>
    private async Task WriteAssessmentAsync(EvaluationReport report, AssessmentFigures assessment)
    {
        await output.WriteLineAsync($"  assessment: {SummaryMarkdown.StatusSentence(assessment)}");
        if (report.Figures is null)
        {
            foreach (var group in assessment.Groups)
            {
                await output.WriteLineAsync($"    {group.Name,-12} {group.Counts.Rejected,4} of {group.Images,4} rejected ({FigureText.Share(group.Rates.GetValueOrDefault(AssessmentCalculator.Rejected))})");
            }
        }
        else if (report.Subsets?.GetValueOrDefault(AssessmentCalculator.Accepted) is { Images: > 0 } accepted)
        {
            foreach (var h in accepted.Headline)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {h.Label + " (accepted)",-35} {FigureText.Number(h.Value)}"));
            }
        }
    }
}
