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

    /// <summary>One row per scored image, probabilities in manifest order with round-trip precision.</summary>
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

        text.Append('\n');
        foreach (var image in scored)
        {
            string label = image.Label.Dx ?? (image.Label.Melanoma ? "malignant" : "benign");
            text.Append(image.Label.ImageId).Append(',').Append(label).Append(',').Append(codes[image.Predicted]).Append(',')
                .Append(image.MalignantProbability.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(image.MalignantProbability >= threshold ? "malignant" : "benign");
            foreach (var p in image.Probabilities)
            {
                text.Append(',').Append(p.ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public static string Markdown(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var d = report.Dataset;
        var md = new StringBuilder();
        void Line(string line = "") => md.Append(line).Append('\n');

        Line($"# Evaluation: {d.Title}");
        Line();
        Line($"Model `{report.Model.Name}` {report.Model.Version} (sha256 `{report.Model.Sha256[..16]}…`), served pipeline (SkinLesion.Inference, JPEG decoder {report.Model.JpegDecoder}), " +
             $"{(d.External ? "external set (not used in training)" : "held-out split of the training data set")}.");
        Line();
        Line("Produced by (from the repository root):");
        Line();
        Line("```");
        Line(report.Command);
        Line("```");
        Line();
        Line($"- Labels: `{d.Labels}` ({d.LabelFormat}); images: `{d.Images}`{(d.Split is null ? string.Empty : $"; split `{d.Split}` of `{d.SplitFile}`")}.");
        Line($"- {d.Labelled} labelled images, {d.Evaluated} evaluated, {d.Failed} failed{(d.ExcludedBySplit > 0 ? $", {d.ExcludedBySplit} in other splits" : string.Empty)}. Image sizes: {string.Join(", ", d.ImageSizes.Select(s => $"{s.Key} ({s.Value})"))}.");
        Line($"- Classes present: {string.Join(", ", d.ClassesPresent)}; absent: {(d.ClassesAbsent.Count > 0 ? string.Join(", ", d.ClassesAbsent) : "none")}.");
        Line($"- 95% intervals: percentile bootstrap, {report.Bootstrap.Replicates} resamples of {report.Bootstrap.Units} {(report.Bootstrap.ResampledBy == "lesion_id" ? "lesions" : "images")}, seed {report.Bootstrap.Seed} ({report.Bootstrap.Method}).");
        Line(string.Create(CultureInfo.InvariantCulture, $"- Throughput: {report.Run.ImagesPerSecond:0.0} images/s ({d.Evaluated + d.Failed} images in {report.Run.Seconds:0.0} s; reading, decoding, geometry and inference) with parallelism {report.Run.Parallelism} on {report.Run.Machine.ProcessorCount} logical cores ({report.Run.Machine.OperatingSystem}, {report.Run.Machine.Architecture}), {report.Run.IntraOpThreads} ONNX Runtime thread(s) per inference; model load {report.Run.ModelLoadSeconds:0.0} s{(report.Run.Machine.LoadAverage is { } load ? $"; 1-minute load average {load:0.00} at the start" : string.Empty)}."));
        Line();
        Line("| figure | value | 95% CI | definition |");
        Line("| --- | --- | --- | --- |");
        foreach (var h in report.Headline)
        {
            Line($"| {h.Label} | {F(h.Value)} | {Ci(h.Ci95)} | {h.Definition} |");
        }

        if (report.Figures.PerClass is { } perClass)
        {
            Line();
            Line("| class | support | named | recall | precision | F1 | AUC |");
            Line("| --- | --- | --- | --- | --- | --- | --- |");
            foreach (var (code, c) in perClass)
            {
                Line($"| {code} | {c.Support} | {c.Predicted} | {E(c.Recall)} | {E(c.Precision)} | {E(c.F1)} | {E(c.Auc)} |");
            }
        }

        var matrix = report.Figures.ConfusionMatrix;
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
        Line($"Classes named by the shipped seven-class rule: {string.Join(", ", report.Figures.PredictedClassCounts.Select(p => $"{p.Key} {p.Value}"))}.");
        if (report.Figures.Other.Count > 0)
        {
            Line($"Other: {string.Join(", ", report.Figures.Other.Select(o => $"{o.Key} {F(o.Value)}"))}.");
        }

        foreach (var note in report.Notes)
        {
            Line();
            Line($"> {note}");
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
            Line("None: every labelled image was found and classified.");
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
        Line($"Files: [{ReportFile}]({ReportFile}) (all figures), [{PredictionsFile}]({PredictionsFile}) (per-image probabilities). Created {report.CreatedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.");
        return md.ToString();
    }

    private static string F(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    private static string Ci(IReadOnlyList<double>? ci) => ci is { Count: 2 } ? $"{F(ci[0])}–{F(ci[1])}" : "—";

    private static string E(Estimate estimate) => estimate.Ci95 is null ? F(estimate.Value) : $"{F(estimate.Value)} ({Ci(estimate.Ci95)})";
}
