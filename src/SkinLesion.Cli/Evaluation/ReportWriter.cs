using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkinLesion.Cli.Evaluation;

/// <summary>Writes report.json, README.md (the Markdown summary) and predictions.csv into the output folder.</summary>
internal static class ReportWriter
{
    public const string ReportFile = "report.json";
    public const string SummaryFile = "README.md";
    public const string PredictionsFile = "predictions.csv";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,

        // Definitions contain ≥ and +; keep them readable in the committed file.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(string directory, EvaluationReport report, IReadOnlyList<ScoredImage> scored, IReadOnlyList<string> codes, double threshold)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ReportFile), JsonSerializer.Serialize(report, JsonOptions) + "\n");
        File.WriteAllText(Path.Combine(directory, SummaryFile), Markdown(report));
        File.WriteAllText(Path.Combine(directory, PredictionsFile), Predictions(scored, codes, threshold));
    }

    public static EvaluationReport ReadReport(string path) =>
        JsonSerializer.Deserialize<EvaluationReport>(File.ReadAllText(path), JsonOptions)
            ?? throw new InvalidDataException($"{path} holds no report.");

    /// <summary>
    /// One row per scored image, probabilities in manifest order with round-trip precision, then (appended in schema 1.1,
    /// so the earlier columns keep their positions) the assessment: status, reasons (';'-separated), the embedding's
    /// distance score and threshold (empty without the out-of-distribution artifact), texture and its minimum, then
    /// the early-stage distance score and threshold (empty when the artifact has no early check).
    /// On a negative set, label is the image's group.
    /// </summary>
    public static string Predictions(IReadOnlyList<ScoredImage> scored, IReadOnlyList<string> codes, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(codes);
        var text = new StringBuilder();
        text.Append("image_id,label,predicted,malignant_probability,verdict");
        foreach (var code in codes)
        {
            text.Append(",p_").Append(code);
        }

        text.Append(",status,reasons,distance_score,distance_threshold,texture,texture_minimum,early_score,early_threshold\n");
        foreach (var image in scored)
        {
            string label = AssessmentCalculator.LabelName(image.Label);
            text.Append(image.Label.ImageId).Append(',').Append(label).Append(',').Append(codes[image.Predicted]).Append(',')
                .Append(image.MalignantProbability.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(image.MalignantProbability >= threshold ? "malignant" : "benign");
            foreach (var p in image.Probabilities)
            {
                text.Append(',').Append(p.ToString("R", CultureInfo.InvariantCulture));
            }

            var assessment = image.Assessment;
            var screening = assessment.Screening;
            text.Append(',').Append(assessment.StatusName)
                .Append(',').Append(string.Join(';', assessment.Reasons))
                .Append(',').Append(R(screening.DistanceScore))
                .Append(',').Append(R(screening.DistanceThreshold))
                .Append(',').Append(R(screening.Texture))
                .Append(',').Append(R(screening.TextureMinimum))
                .Append(',').Append(R(screening.EarlyScore))
                .Append(',').Append(R(screening.EarlyThreshold))
                .Append('\n');
        }

        return text.ToString();
    }

    private static string R(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    public static string Markdown(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var d = report.Dataset;
        bool negative = report.Figures is null;
        var md = new StringBuilder();
        void Line(string line = "") => md.Append(line).Append('\n');

        Line($"# Evaluation: {d.Title}");
        Line();
        Line($"Model `{report.Model.Name}` {report.Model.Version} (sha256 `{report.Model.Sha256[..16]}…`), served pipeline (SkinLesion.Inference, JPEG decoder {report.Model.JpegDecoder}), " +
             (negative
                 ? "negative set: images that are not dermoscopic skin-lesion photographs, so only screening is measured."
                 : $"{(d.External ? "external set (not used in training)" : "held-out split of the training data set")}."));
        Line();
        Line("Produced by (from the repository root):");
        Line();
        Line("```");
        Line(report.Command);
        Line("```");
        Line();
        Line($"- Labels: `{d.Labels}` ({d.LabelFormat}); images: `{d.Images}`{(d.Split is null ? string.Empty : $"; split `{d.Split}` of `{d.SplitFile}`")}.");
        Line($"- {d.Labelled} {(negative ? "listed" : "labelled")} images, {d.Evaluated} evaluated, {d.Failed} failed{(d.ExcludedBySplit > 0 ? $", {d.ExcludedBySplit} in other splits" : string.Empty)}. Image sizes: {string.Join(", ", d.ImageSizes.Select(s => $"{s.Key} ({s.Value})"))}.");
        if (!negative)
        {
            Line($"- Classes present: {string.Join(", ", d.ClassesPresent)}; absent: {(d.ClassesAbsent.Count > 0 ? string.Join(", ", d.ClassesAbsent) : "none")}.");
        }

        if (report.Assessment is { } assessment)
        {
            Line($"- Assessment: {StatusSentence(assessment)}");
            Line($"- Screening: {ScreeningSentence(assessment.Screening)}");
        }

        Line($"- 95% intervals: percentile bootstrap, {report.Bootstrap.Replicates} resamples of {report.Bootstrap.Units} {(report.Bootstrap.ResampledBy == "lesion_id" ? "lesions" : "images")}, seed {report.Bootstrap.Seed} ({report.Bootstrap.Method}).");
        Line(string.Create(CultureInfo.InvariantCulture, $"- Throughput: {report.Run.ImagesPerSecond:0.0} images/s ({d.Evaluated + d.Failed} images in {report.Run.Seconds:0.0} s; reading, decoding, geometry and inference) with parallelism {report.Run.Parallelism} on {report.Run.Machine.ProcessorCount} logical cores ({report.Run.Machine.OperatingSystem}, {report.Run.Machine.Architecture}), {report.Run.IntraOpThreads} ONNX Runtime thread(s) per inference; model load {report.Run.ModelLoadSeconds:0.0} s{(report.Run.Machine.LoadAverage is { } load ? $"; 1-minute load average {load:0.00} at the start" : string.Empty)}."));
        Line();
        Line("| figure | value | 95% CI | definition |");
        Line("| --- | --- | --- | --- |");
        foreach (var h in report.Headline)
        {
            Line($"| {h.Label} | {F(h.Value)} | {Ci(h.Ci95)} | {h.Definition} |");
        }

        if (report.Figures is { } figures)
        {
            ClassificationFigures(figures, Line);
        }

        foreach (var note in report.Notes)
        {
            Line();
            Line($"> {note}");
        }

        if (report.Assessment is { } statuses)
        {
            if (negative)
            {
                NegativeSection(statuses, Line);
            }
            else
            {
                AssessmentSection(report, statuses, Line);
            }
        }

        if (report.TrainingReference is { } reference)
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
                Line($"| {m.Metric} | {E(m.Training)} | {E(m.Evaluated)} | {(m.Difference is { } diff ? diff.ToString("+0.0000;-0.0000;0", CultureInfo.InvariantCulture) : "—")} |");
            }

            Line();
            Line(reference.IdenticalToFourDecimals
                ? "Every value and interval is identical to four decimals."
                : string.Create(CultureInfo.InvariantCulture, $"Largest absolute difference of a value: {reference.MaxAbsDifference:0.0000}."));
        }

        Line();
        Line($"## Failed images ({report.Failures.Count})");
        Line();
        if (report.Failures.Count == 0)
        {
            Line($"None: every {(negative ? "listed" : "labelled")} image was found and classified.");
        }
        else
        {
            foreach (var f in report.Failures.Take(100))
            {
                Line($"- `{f.ImageId}`: {f.Reason} — {f.Message}");
            }

            if (report.Failures.Count > 100)
            {
                Line($"- … and {report.Failures.Count - 100} more (all listed in {ReportFile}).");
            }
        }

        Line();
        Line($"Files: [{ReportFile}]({ReportFile}) (all figures), [{PredictionsFile}]({PredictionsFile}) (per-image probabilities and assessment). Created {report.CreatedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.");
        return md.ToString();
    }

    /// <summary>"1490 classified (97.5%), 30 uncertain (2.0%), 8 rejected (0.5%; not-dermoscopic 8); accepted 1520 of 1528 (99.5%)."</summary>
    internal static string StatusSentence(AssessmentFigures a)
    {
        var rejectedBy = a.Reasons.Where(r => r.Value > 0 && Inference.Screening.AssessmentReasons.IsRejection(r.Key)).Select(r => $"{r.Key} {r.Value}").ToList();
        var uncertainBy = a.Reasons.Where(r => r.Value > 0 && !Inference.Screening.AssessmentReasons.IsRejection(r.Key)).Select(r => $"{r.Key} {r.Value}").ToList();
        return $"{a.Counts.Classified} classified ({P(Rate(a, AssessmentCalculator.Classified))}), " +
               $"{a.Counts.Uncertain} uncertain ({P(Rate(a, AssessmentCalculator.Uncertain))}{(uncertainBy.Count > 0 ? "; " + string.Join(", ", uncertainBy) : string.Empty)}), " +
               $"{a.Counts.Rejected} rejected ({P(Rate(a, AssessmentCalculator.Rejected))}{(rejectedBy.Count > 0 ? "; " + string.Join(", ", rejectedBy) : string.Empty)}); " +
               $"accepted (classified + uncertain) {a.Counts.Accepted} of {a.Images} ({P(Rate(a, AssessmentCalculator.Accepted))}).";
    }

    private static string ScreeningSentence(ScreeningInfo s) =>
        (s.OutOfDistribution is { } ood
            ? string.Create(CultureInfo.InvariantCulture, $"out-of-distribution artifact `{ood}` (rejected as not-dermoscopic above distance {s.DistanceThreshold:0.###}{(s.EarlyThreshold is { } early ? $" or above early-stage distance {early:0.###}" : string.Empty)})")
            : "no out-of-distribution artifact in the manifest (the distance check was off)") +
        (s.TextureMinimum is { } texture ? string.Create(CultureInfo.InvariantCulture, $", texture floor {texture:0.###} (below: featureless-image)") : string.Empty) +
        (s.Uncertainty is { } u
            ? string.Create(CultureInfo.InvariantCulture, $"; uncertain when the named class's probability is below {u.MinTopProbability:0.###} (low-confidence) or the malignant probability is in [{u.BorderlineFrom:0.###}, {u.BorderlineTo:0.###}) (borderline-malignancy).")
            : "; no uncertainty section in the manifest (no image can be uncertain).");

    private static double? Rate(AssessmentFigures a, string key) => a.Rates.TryGetValue(key, out var e) ? e.Value : null;

    private static void ClassificationFigures(Figures figures, Action<string> line)
    {
        if (figures.PerClass is { } perClass)
        {
            line(string.Empty);
            line("| class | support | named | recall | precision | F1 | AUC |");
            line("| --- | --- | --- | --- | --- | --- | --- |");
            foreach (var (code, c) in perClass)
            {
                line($"| {code} | {c.Support} | {c.Predicted} | {E(c.Recall)} | {E(c.Precision)} | {E(c.F1)} | {E(c.Auc)} |");
            }
        }

        var matrix = figures.ConfusionMatrix;
        line(string.Empty);
        line($"Confusion matrix ({matrix.Definition}):");
        line(string.Empty);
        line($"| | {string.Join(" | ", matrix.Labels)} |");
        line($"| --- |{string.Concat(Enumerable.Repeat(" --- |", matrix.Labels.Count))}");
        for (int r = 0; r < matrix.Rows.Count; r++)
        {
            line($"| **{matrix.Labels[r]}** | {string.Join(" | ", matrix.Rows[r])} |");
        }

        line(string.Empty);
        line($"Classes named by the shipped seven-class rule: {string.Join(", ", figures.PredictedClassCounts.Select(p => $"{p.Key} {p.Value}"))}.");
        if (figures.Other.Count > 0)
        {
            line($"Other: {string.Join(", ", figures.Other.Select(o => $"{o.Key} {F(o.Value)}"))}.");
        }
    }

    private static void AssessmentSection(EvaluationReport report, AssessmentFigures a, Action<string> line)
    {
        line(string.Empty);
        line("## Classified, uncertain and rejected images");
        line(string.Empty);
        line(a.Definition);
        line(string.Empty);
        StatusTable(a, line);
        line(string.Empty);
        GroupTable(a, "true label", line);

        if (report.Subsets is not { } subsets)
        {
            return;
        }

        line(string.Empty);
        line("### Figures on all, accepted, classified-only and uncertain-only images");
        line(string.Empty);
        line("The same figures as above, computed again on each subset with its own bootstrap (same seed and resampling unit), so an interval is conditional on which images the service accepted. A dash: not defined on that subset (e.g. no melanoma left in it).");
        line(string.Empty);
        var keys = new[] { AssessmentCalculator.Accepted, AssessmentCalculator.Classified, AssessmentCalculator.Uncertain }.Where(subsets.ContainsKey).ToList();
        line($"| figure | all ({report.Dataset.Evaluated}) | {string.Join(" | ", keys.Select(k => $"{k} ({subsets[k].Images})"))} |");
        line($"| --- | --- |{string.Concat(Enumerable.Repeat(" --- |", keys.Count))}");
        foreach (var h in report.Headline)
        {
            var cells = keys.Select(k => subsets[k].Headline.FirstOrDefault(x => x.Key == h.Key) is { } f ? E(new Estimate(f.Value, f.Ci95)) : "—");
            line($"| {h.Label} | {E(new Estimate(h.Value, h.Ci95))} | {string.Join(" | ", cells)} |");
        }

        line(string.Empty);
        foreach (var key in keys)
        {
            line($"- **{key}**: {subsets[key].Definition}.");
        }
    }

    private static void NegativeSection(AssessmentFigures a, Action<string> line)
    {
        line(string.Empty);
        line("## Rejected images per group");
        line(string.Empty);
        line(a.Definition);
        line(string.Empty);
        StatusTable(a, line);
        line(string.Empty);
        GroupTable(a, "group", line);
    }

    private static void StatusTable(AssessmentFigures a, Action<string> line)
    {
        line("| status | images | share | 95% CI |");
        line("| --- | --- | --- | --- |");
        foreach (var (key, count) in new[]
                 {
                     (AssessmentCalculator.Classified, a.Counts.Classified),
                     (AssessmentCalculator.Uncertain, a.Counts.Uncertain),
                     (AssessmentCalculator.Rejected, a.Counts.Rejected),
                     (AssessmentCalculator.Accepted + " (classified + uncertain)", a.Counts.Accepted),
                 })
        {
            var estimate = a.Rates.GetValueOrDefault(key.Split(' ')[0]) ?? new Estimate(null, null);
            line($"| {key} | {count} | {P(estimate.Value)} | {(estimate.Ci95 is { Count: 2 } ci ? $"{P(ci[0])}–{P(ci[1])}" : "—")} |");
        }

        line(string.Empty);
        line($"Images per reason: {string.Join(", ", a.Reasons.Select(r => $"{r.Key} {r.Value}"))} (an uncertain image can have two reasons).");
    }

    private static void GroupTable(AssessmentFigures a, string groupName, Action<string> line)
    {
        var reasons = a.Reasons.Keys.ToList();
        line($"| {groupName} | images | classified | uncertain | rejected | rejected share | accepted share | {string.Join(" | ", reasons)} |");
        line($"| --- | --- | --- | --- | --- | --- | --- |{string.Concat(Enumerable.Repeat(" --- |", reasons.Count))}");
        foreach (var g in a.Groups)
        {
            line($"| {g.Name} | {g.Images} | {g.Counts.Classified} | {g.Counts.Uncertain} | {g.Counts.Rejected} | {P(g.Rates.GetValueOrDefault(AssessmentCalculator.Rejected))} | {P(g.Rates.GetValueOrDefault(AssessmentCalculator.Accepted))} | {string.Join(" | ", reasons.Select(r => g.Reasons.GetValueOrDefault(r)))} |");
        }

        line($"| **all** | {a.Images} | {a.Counts.Classified} | {a.Counts.Uncertain} | {a.Counts.Rejected} | {P(Rate(a, AssessmentCalculator.Rejected))} | {P(Rate(a, AssessmentCalculator.Accepted))} | {string.Join(" | ", reasons.Select(r => a.Reasons[r]))} |");
    }

    /// <summary>A share as a percentage with one decimal, "—" when undefined.</summary>
    internal static string P(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    private static string F(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    private static string Ci(IReadOnlyList<double>? ci) => ci is { Count: 2 } ? $"{F(ci[0])}–{F(ci[1])}" : "—";

    private static string E(Estimate estimate) => estimate.Ci95 is null ? F(estimate.Value) : $"{F(estimate.Value)} ({Ci(estimate.Ci95)})";
}
