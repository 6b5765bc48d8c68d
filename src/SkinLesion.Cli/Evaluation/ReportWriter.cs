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
        File.WriteAllText(Path.Combine(directory, ReportFile), report.ToJson());
        File.WriteAllText(Path.Combine(directory, SummaryFile), SummaryMarkdown.Write(report));
        File.WriteAllText(Path.Combine(directory, PredictionsFile), PredictionsCsv.Write(scored, codes, threshold));
    }
}
