using System.Globalization;
using System.Text;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Cli.Evaluation;

/// <summary>README.md of an evaluation folder: the report's figures for people, starting with the command that produced them.</summary>
internal sealed class SummaryMarkdown
{
    private const int MaxFailuresListed = 100;

    private readonly StringBuilder _text = new();
    private readonly EvaluationReport _report;

    private SummaryMarkdown(EvaluationReport report)
    {
        _report = report;
    }

    /// <summary>A negative set has no diagnoses, so it has no classification figures either.</summary>
    private bool Negative => _report.Figures is null;

    public static string Write(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var summary = new SummaryMarkdown(report);
        summary.Introduction();
        summary.DatasetFacts();
        summary.HeadlineTable();
        if (report.Figures is { } figures)
        {
            summary.ClassificationFigures(figures);
        }

        summary.Notes();
        if (report.Assessment is { } assessment)
        {
            summary.AssessmentSection(assessment);
        }

        if (report.TrainingReference is { } reference)
        {
            summary.TrainingAgreement(reference);
        }

        if (report.Segmentation is { } segmentation)
        {
            summary._text.Append(SegmentationMarkdown.Write(segmentation));
        }

        summary.FailedImages();
        summary.Files();
        return summary._text.ToString();
    }

    /// <summary>"1490 classified (97.5%), 30 uncertain (2.0%), 8 rejected (0.5%; not-dermoscopic 8); accepted 1520 of 1528 (99.5%)."</summary>
    public static string StatusSentence(AssessmentFigures a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var rejectedBy = a.Reasons.Where(r => r.Value > 0 && AssessmentReasons.IsRejection(r.Key)).Select(r => $"{r.Key} {r.Value}").ToList();
        var uncertainBy = a.Reasons.Where(r => r.Value > 0 && !AssessmentReasons.IsRejection(r.Key)).Select(r => $"{r.Key} {r.Value}").ToList();
        return $"{a.Counts.Classified} classified ({FigureText.Share(Rate(a, AssessmentCalculator.Classified))}), " +
               $"{a.Counts.Uncertain} uncertain ({FigureText.Share(Rate(a, AssessmentCalculator.Uncertain))}{(uncertainBy.Count > 0 ? "; " + string.Join(", ", uncertainBy) : string.Empty)}), " +
               $"{a.Counts.Rejected} rejected ({FigureText.Share(Rate(a, AssessmentCalculator.Rejected))}{(rejectedBy.Count > 0 ? "; " + string.Join(", ", rejectedBy) : string.Empty)}); " +
               $"accepted (classified + uncertain) {a.Counts.Accepted} of {a.Images} ({FigureText.Share(Rate(a, AssessmentCalculator.Accepted))}).";
    }

    private void Line(string line = "") => _text.Append(line).Append('\n');

    private void Introduction()
    {
        var model = _report.Model;
        Line($"# Evaluation: {_report.Dataset.Title}");
        Line();
        Line($"Model `{model.Name}` {model.Version} (sha256 `{model.Sha256[..16]}…`), served pipeline (SkinLesion.Inference, JPEG decoder {model.JpegDecoder}), " +
             (Negative
                 ? "negative set: images that are not dermoscopic skin-lesion photographs, so only screening is measured."
                 : $"{(_report.Dataset.External ? "external set (not used in training)" : "held-out split of the training data set")}."));
        Line();
        Line("Produced by (from the repository root):");
        Line();
        Line("```");
        Line(_report.Command);
        Line("```");
        Line();
    }

    private void DatasetFacts()
    {
        var d = _report.Dataset;
        Line($"- Labels: `{d.Labels}` ({d.LabelFormat}); images: `{d.Images}`{(d.Split is null ? string.Empty : $"; split `{d.Split}` of `{d.SplitFile}`")}.");
        Line($"- {d.Labelled} {(Negative ? "listed" : "labelled")} images, {d.Evaluated} evaluated, {d.Failed} failed{(d.ExcludedBySplit > 0 ? $", {d.ExcludedBySplit} in other splits" : string.Empty)}. Image sizes: {string.Join(", ", d.ImageSizes.Select(s => $"{s.Key} ({s.Value})"))}.");
        if (!Negative)
        {
            Line($"- Classes present: {string.Join(", ", d.ClassesPresent)}; absent: {(d.ClassesAbsent.Count > 0 ? string.Join(", ", d.ClassesAbsent) : "none")}.");
        }

        if (_report.OperatingPoint is { } operatingPoint)
        {
            Line(OperatingPointSentence(operatingPoint));
        }

        if (_report.Assessment is { } assessment)
        {
            Line($"- Assessment: {StatusSentence(assessment)}");
            Line($"- Screening: {ScreeningRules.Sentence(assessment.Screening)}");
        }

        var bootstrap = _report.Bootstrap;
        Line($"- 95% intervals: percentile bootstrap, {bootstrap.Replicates} resamples of {bootstrap.Units} {(bootstrap.ResampledBy == "lesion_id" ? "lesions" : "images")}, seed {bootstrap.Seed} ({bootstrap.Method}).");
        var run = _report.Run;
        Line(string.Create(CultureInfo.InvariantCulture, $"- Throughput: {run.ImagesPerSecond:0.0} images/s ({d.Evaluated + d.Failed} images in {run.Seconds:0.0} s; reading, decoding, geometry and inference) with parallelism {run.Parallelism} on {run.Machine.ProcessorCount} logical cores ({run.Machine.OperatingSystem}, {run.Machine.Architecture}), {run.IntraOpThreads} ONNX Runtime thread(s) per inference; model load {run.ModelLoadSeconds:0.0} s{(run.Machine.LoadAverage is { } load ? $"; 1-minute load average {load:0.00} at the start" : string.Empty)}."));
    }

    /// <summary>Reports before schema 1.2 have no operating point and get no line (they all used the shipped one).</summary>
    private static string OperatingPointSentence(OperatingPointInfo o) => string.Create(CultureInfo.InvariantCulture,
        $"- Operating point: {(o.Kind == OperatingPoint.SiteKind ? $"site `{o.Name}` version `{o.Version}` (profile `{o.Profile}`)" : $"shipped ({o.Name} {o.Version}, the manifest's)")}, malignant threshold {o.Threshold:0.######}.");

    private void HeadlineTable()
    {
        Line();
        Line("| figure | value | 95% CI | definition |");
        Line("| --- | --- | --- | --- |");
        foreach (var h in _report.Headline)
        {
            Line($"| {h.Label} | {FigureText.Number(h.Value)} | {FigureText.Interval(h.Ci95)} | {h.Definition} |");
        }
    }

    private void ClassificationFigures(Figures figures)
    {
        if (figures.PerClass is { } perClass)
        {
            Line();
            Line("| class | support | named | recall | precision | F1 | AUC |");
            Line("| --- | --- | --- | --- | --- | --- | --- |");
            foreach (var (code, c) in perClass)
            {
                Line($"| {code} | {c.Support} | {c.Predicted} | {FigureText.Estimate(c.Recall)} | {FigureText.Estimate(c.Precision)} | {FigureText.Estimate(c.F1)} | {FigureText.Estimate(c.Auc)} |");
            }
        }

        var matrix = figures.ConfusionMatrix;
        Line();
        Line($"Confusion matrix ({matrix.Definition}):");
        Line();
        Line($"| | {string.Join(" | ", matrix.Labels)} |");
        Line($"| --- |{string.Concat(Enumerable.Repeat(" --- |", matrix.Labels.Count))}");
        for (int r = 0; r < matrix.Rows.Count; r++)
        {
            Line($"| **{matrix.Labels[r]}** | {string.Join(" | ", matrix.Rows[r])} |");
        }

        Line();
        Line($"Classes named by the shipped seven-class rule: {string.Join(", ", figures.PredictedClassCounts.Select(p => $"{p.Key} {p.Value}"))}.");
        if (figures.Other.Count > 0)
        {
            Line($"Other: {string.Join(", ", figures.Other.Select(o => $"{o.Key} {FigureText.Number(o.Value)}"))}.");
        }
    }

    private void Notes()
    {
        foreach (var note in _report.Notes)
        {
            Line();
            Line($"> {note}");
        }
    }

    private void AssessmentSection(AssessmentFigures a)
    {
        Line();
        Line(Negative ? "## Rejected images per group" : "## Classified, uncertain and rejected images");
        Line();
        Line(a.Definition);
        Line();
        StatusTable(a);
        Line();
        GroupTable(a, Negative ? "group" : "true label");
        if (!Negative && _report.Subsets is { } subsets)
        {
            SubsetTable(subsets);
        }
    }

    private void StatusTable(AssessmentFigures a)
    {
        Line("| status | images | share | 95% CI |");
        Line("| --- | --- | --- | --- |");
        foreach (var (key, count) in new[]
                 {
                     (AssessmentCalculator.Classified, a.Counts.Classified),
                     (AssessmentCalculator.Uncertain, a.Counts.Uncertain),
                     (AssessmentCalculator.Rejected, a.Counts.Rejected),
                     (AssessmentCalculator.Accepted + " (classified + uncertain)", a.Counts.Accepted),
                 })
        {
            var estimate = a.Rates.GetValueOrDefault(key.Split(' ')[0]) ?? new Estimate(null, null);
            Line($"| {key} | {count} | {FigureText.Share(estimate.Value)} | {FigureText.ShareInterval(estimate.Ci95)} |");
        }

        Line();
        Line($"Images per reason: {string.Join(", ", a.Reasons.Select(r => $"{r.Key} {r.Value}"))} (an uncertain image can have two reasons).");
    }

    private void GroupTable(AssessmentFigures a, string groupName)
    {
        var reasons = a.Reasons.Keys.ToList();
        Line($"| {groupName} | images | classified | uncertain | rejected | rejected share | accepted share | {string.Join(" | ", reasons)} |");
        Line($"| --- | --- | --- | --- | --- | --- | --- |{string.Concat(Enumerable.Repeat(" --- |", reasons.Count))}");
        foreach (var g in a.Groups)
        {
            Line($"| {g.Name} | {g.Images} | {g.Counts.Classified} | {g.Counts.Uncertain} | {g.Counts.Rejected} | {FigureText.Share(g.Rates.GetValueOrDefault(AssessmentCalculator.Rejected))} | {FigureText.Share(g.Rates.GetValueOrDefault(AssessmentCalculator.Accepted))} | {string.Join(" | ", reasons.Select(r => g.Reasons.GetValueOrDefault(r)))} |");
        }

        Line($"| **all** | {a.Images} | {a.Counts.Classified} | {a.Counts.Uncertain} | {a.Counts.Rejected} | {FigureText.Share(Rate(a, AssessmentCalculator.Rejected))} | {FigureText.Share(Rate(a, AssessmentCalculator.Accepted))} | {string.Join(" | ", reasons.Select(r => a.Reasons[r]))} |");
    }

    private void SubsetTable(IReadOnlyDictionary<string, SubsetFigures> subsets)
    {
        Line();
        Line("### Figures on all, accepted, classified-only and uncertain-only images");
        Line();
        Line("The same figures as above, computed again on each subset with its own bootstrap (same seed and resampling unit), so an interval is conditional on which images the service accepted. A dash: not defined on that subset (e.g. no melanoma left in it).");
        Line();
        var keys = new[] { AssessmentCalculator.Accepted, AssessmentCalculator.Classified, AssessmentCalculator.Uncertain }.Where(subsets.ContainsKey).ToList();
        Line($"| figure | all ({_report.Dataset.Evaluated}) | {string.Join(" | ", keys.Select(k => $"{k} ({subsets[k].Images})"))} |");
        Line($"| --- | --- |{string.Concat(Enumerable.Repeat(" --- |", keys.Count))}");
        foreach (var h in _report.Headline)
        {
            var cells = keys.Select(k => subsets[k].Headline.FirstOrDefault(x => x.Key == h.Key) is { } f ? FigureText.Estimate(f.Value, f.Ci95) : FigureText.Undefined);
            Line($"| {h.Label} | {FigureText.Estimate(h.Value, h.Ci95)} | {string.Join(" | ", cells)} |");
        }

        Line();
        foreach (var key in keys)
        {
            Line($"- **{key}**: {subsets[key].Definition}.");
        }
    }

    private void TrainingAgreement(TrainingComparison reference)
    {
        Line();
        Line($"## Agreement with training's figures ({reference.Source})");
        Line();
        Line(reference.MeasuredBy);
        Line();
        Line("| metric | training | this run | difference |");
        Line("| --- | --- | --- | --- |");
        foreach (var m in reference.Metrics)
        {
            Line($"| {m.Metric} | {FigureText.Estimate(m.Training)} | {FigureText.Estimate(m.Evaluated)} | {(m.Difference is { } diff ? diff.ToString("+0.0000;-0.0000;0", CultureInfo.InvariantCulture) : FigureText.Undefined)} |");
        }

        Line();
        Line(reference.IdenticalToFourDecimals
            ? "Every value and interval is identical to four decimals."
            : string.Create(CultureInfo.InvariantCulture, $"Largest absolute difference of a value: {reference.MaxAbsDifference:0.0000}."));
    }

    private void FailedImages()
    {
        var failures = _report.Failures;
        Line();
        Line($"## Failed images ({failures.Count})");
        Line();
        if (failures.Count == 0)
        {
            Line($"None: every {(Negative ? "listed" : "labelled")} image was found and classified.");
            return;
        }

        foreach (var f in failures.Take(MaxFailuresListed))
        {
            Line($"- `{f.ImageId}`: {f.Reason} — {f.Message}");
        }

        if (failures.Count > MaxFailuresListed)
        {
            Line($"- … and {failures.Count - MaxFailuresListed} more (all listed in {ReportWriter.ReportFile}).");
        }
    }

    private void Files()
    {
        Line();
        Line($"Files: [{ReportWriter.ReportFile}]({ReportWriter.ReportFile}) (all figures), [{ReportWriter.PredictionsFile}]({ReportWriter.PredictionsFile}) (per-image probabilities and assessment). Created {_report.CreatedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.");
    }

    private static double? Rate(AssessmentFigures a, string key) => a.Rates.TryGetValue(key, out var e) ? e.Value : null;
}
