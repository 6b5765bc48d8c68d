using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Web.Evaluations;

/// <summary>One evaluated set as the model page shows it: its report, read through the shared contract, in the page's words.</summary>
public sealed class EvaluatedSet
{
    internal EvaluatedSet(EvaluationReport report)
    {
        Report = report;
    }

    public EvaluationReport Report { get; }

    public string Name => Report.Dataset.Name;

    /// <summary>The report's title, or its name where the title is blank.</summary>
    public string Title => string.IsNullOrWhiteSpace(Report.Dataset.Title) ? Name : Report.Dataset.Title;

    public bool External => Report.Dataset.External;

    /// <summary>A set of images that are not dermoscopic (no diagnoses): only its rejections are shown.</summary>
    public bool Negative => Report.Dataset.Task == DatasetInfo.NegativeTask;

    public int Evaluated => Report.Dataset.Evaluated;

    /// <summary>Classified / uncertain / rejected counts; null for reports written before schema 1.1.</summary>
    public AssessmentFigures? Assessment => Report.Assessment;

    /// <summary>"97.4%": accepted (classified + uncertain) as a share of the evaluated images.</summary>
    public string AcceptedText => Share(assessment => assessment.Counts.Accepted);

    public string UncertainText => Share(assessment => assessment.Counts.Uncertain);

    public string RejectedText => Share(assessment => assessment.Counts.Rejected);

    /// <summary>The figure under <paramref name="key"/>, or null where the set does not define it (never 0).</summary>
    public HeadlineFigure? Figure(string key) => Report.Headline.FirstOrDefault(figure => figure.Key == key);

    /// <summary>"0.758 (0.710–0.803)", or null where the set does not define the figure.</summary>
    public string? FigureText(string key) =>
        Figure(key) is { } figure ? Inference.Evaluation.FigureText.Estimate(figure.Value, figure.Ci95) : null;

    private string Share(Func<AssessmentFigures, int> count) =>
        Assessment is { } assessment ? Inference.Evaluation.FigureText.Share(count(assessment), assessment.Images) : Inference.Evaluation.FigureText.Undefined;
}
