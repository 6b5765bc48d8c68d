using SkinLesion.Cli.Files;
using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Cli.Evaluation;

/// <summary>Writes report.json, README.md (the Markdown summary) and predictions.csv into the output folder.</summary>
internal static class ReportWriter
{
    public const string ReportFile = EvaluationReport.FileName;
    public const string SummaryFile = "README.md";
    public const string PredictionsFile = "predictions.csv";

    public static void Write(string directory, EvaluationReport report, IReadOnlyList<ScoredImage> scored, IReadOnlyList<string> codes, double threshold)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        // Each file whole or not at all: the predictions first, so a report is never beside older predictions.
        AtomicFile.WriteAllText(Path.Combine(directory, PredictionsFile), PredictionsCsv.Write(scored, codes, threshold));
        AtomicFile.WriteAllText(Path.Combine(directory, SummaryFile), SummaryMarkdown.Write(report));
        AtomicFile.WriteAllText(Path.Combine(directory, ReportFile), report.ToJson());
    }
}
