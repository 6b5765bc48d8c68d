using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SkinLesion.Inference;

namespace SkinLesion.Web.Evaluations;

/// <summary>
/// Reads every models/evaluation/*/report.json next to the loaded model's manifest (format in
/// models/evaluation/README.md), so a report dropped there shows on the model page without a code change.
/// </summary>
public sealed partial class EvaluationReports(IOptions<ModelOptions> model, ILogger<EvaluationReports> logger)
{
    public const string FolderName = "evaluation";
    public const string ReportFileName = "report.json";
    public const int SchemaVersion = 1;
    public const string Kind = "skinlesion-evaluation";

    /// <summary>The headline keys compared across sets, in the order the page shows them.</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> ComparedFigures =
    [
        ("balancedAccuracy", "Balanced accuracy"),
        ("melanomaAuc", "Melanoma AUC"),
        ("malignantSensitivity", "Malignant sensitivity"),
        ("malignantSpecificity", "Malignant specificity"),
    ];

    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    /// <summary>The evaluation folder beside the manifest, found as the figures endpoint finds the model's PNGs.</summary>
    public string Directory => Path.Combine(Path.GetDirectoryName(model.Value.ResolveManifestPath())!, FolderName);

    /// <summary>The labelled sets' reports (see <see cref="ReadAll"/>); negative sets are left out, as they have no classification figures.</summary>
    public IReadOnlyList<EvaluationReport> Read() => ReadAll().Where(report => !report.Negative).ToList();

    /// <summary>
    /// The readable reports, held-out split first, then external sets by name, then negative sets (task "negative",
    /// images that are not dermoscopic; schema 1.1). Read on each call: the files are a few hundred kilobytes at most
    /// and the page is rarely visited, and this way a new report needs no restart.
    /// A report that cannot be read or does not follow schema version 1 is skipped with a warning, never thrown.
    /// </summary>
    public IReadOnlyList<EvaluationReport> ReadAll()
    {
        var directory = Directory;
        if (!System.IO.Directory.Exists(directory))
        {
            LogNoFolder(logger, directory);
            return [];
        }

        var reports = new List<EvaluationReport>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, ReportFileName, SearchOption.AllDirectories)
                     .Where(path => Path.GetDirectoryName(Path.GetDirectoryName(path)) == directory)
                     .Order(StringComparer.Ordinal))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path), JsonOptions);
                reports.Add(Parse(document.RootElement));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException or FormatException or InvalidOperationException)
            {
                LogSkipped(logger, path, error.Message);
            }
        }

        return reports
            .OrderBy(report => report.Negative)
            .ThenBy(report => report.External)
            .ThenBy(report => report.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Shapes one report; throws FormatException naming the first thing that does not follow the schema.</summary>
    internal static EvaluationReport Parse(JsonElement root)
    {
        Require(root.ValueKind == JsonValueKind.Object, "the document is not a JSON object");
        Require(root.TryGetProperty("schemaVersion", out var version) && version.ValueKind == JsonValueKind.Number
            && version.TryGetInt32(out var number) && number == SchemaVersion, $"schemaVersion is not {SchemaVersion}");
        Require(root.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == Kind, $"kind is not \"{Kind}\"");
        Require(root.TryGetProperty("dataset", out var dataset) && dataset.ValueKind == JsonValueKind.Object, "dataset is missing");
        var name = String(dataset, "name") ?? throw new FormatException("dataset.name is missing");
        var title = String(dataset, "title") ?? name;
        Require(dataset.TryGetProperty("external", out var external) && external.ValueKind is JsonValueKind.True or JsonValueKind.False, "dataset.external is not true or false");
        Require(root.TryGetProperty("headline", out var headline) && headline.ValueKind == JsonValueKind.Array, "headline is not a list");

        var figures = new Dictionary<string, HeadlineFigure>(StringComparer.Ordinal);
        foreach (var entry in headline.EnumerateArray())
        {
            var figure = Figure(entry);
            Require(figures.TryAdd(figure.Key, figure), $"headline key '{figure.Key}' appears twice");
        }

        var assessment = root.TryGetProperty("assessment", out var section) && section.ValueKind != JsonValueKind.Null ? Assessment(section) : null;
        return new EvaluationReport(name, title, external.GetBoolean(), Count(dataset, "evaluated"), Count(dataset, "labelled"), figures)
        {
            Negative = String(dataset, "task") == NegativeTask,
            Assessment = assessment,
        };
    }

    /// <summary>dataset.task of a set of non-dermoscopic images without diagnoses (schema 1.1).</summary>
    public const string NegativeTask = "negative";

    /// <summary>Schema 1.1's "assessment": counts per status, reasons, and per group (negative sets) or true label.</summary>
    private static AssessmentSummary Assessment(JsonElement section)
    {
        Require(section.ValueKind == JsonValueKind.Object, "assessment is not an object");
        var images = Count(section, "images") ?? throw new FormatException("assessment.images is not a whole number");
        Require(section.TryGetProperty("counts", out var counts) && counts.ValueKind == JsonValueKind.Object, "assessment.counts is missing");
        var groups = new List<AssessmentGroup>();
        if (section.TryGetProperty("groups", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var group in list.EnumerateArray())
            {
                Require(group.ValueKind == JsonValueKind.Object, "an assessment group is not an object");
                Require(group.TryGetProperty("counts", out var groupCounts) && groupCounts.ValueKind == JsonValueKind.Object, "an assessment group has no counts");
                groups.Add(new AssessmentGroup(
                    String(group, "name") ?? throw new FormatException("an assessment group has no name"),
                    Count(group, "images") ?? throw new FormatException("an assessment group has no image count"),
                    StatusCounts(groupCounts, "assessment group"),
                    Reasons(group)));
            }
        }

        return new AssessmentSummary(images, StatusCounts(counts, "assessment"), groups);
    }

    private static (int Classified, int Uncertain, int Rejected) StatusCounts(JsonElement counts, string where) =>
        (Count(counts, "classified") ?? throw new FormatException($"{where} has no classified count"),
         Count(counts, "uncertain") ?? throw new FormatException($"{where} has no uncertain count"),
         Count(counts, "rejected") ?? throw new FormatException($"{where} has no rejected count"));

    private static Dictionary<string, int> Reasons(JsonElement parent)
    {
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        if (parent.TryGetProperty("reasons", out var section) && section.ValueKind == JsonValueKind.Object)
        {
            foreach (var reason in section.EnumerateObject())
            {
                if (reason.Value.ValueKind == JsonValueKind.Number && reason.Value.TryGetInt32(out var count))
                {
                    reasons[reason.Name] = count;
                }
            }
        }

        return reasons;
    }

    private static HeadlineFigure Figure(JsonElement entry)
    {
        Require(entry.ValueKind == JsonValueKind.Object, "a headline entry is not an object");
        var key = String(entry, "key") ?? throw new FormatException("a headline entry has no key");
        Require(entry.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number, $"headline '{key}' has no numeric value");
        (double Lower, double Upper)? interval = null;
        if (entry.TryGetProperty("ci95", out var ci) && ci.ValueKind != JsonValueKind.Null)
        {
            Require(ci.ValueKind == JsonValueKind.Array && ci.GetArrayLength() == 2
                && ci[0].ValueKind == JsonValueKind.Number && ci[1].ValueKind == JsonValueKind.Number
                && ci[0].GetDouble() <= ci[1].GetDouble(), $"headline '{key}' has a ci95 that is not [lower, upper]");
            interval = (ci[0].GetDouble(), ci[1].GetDouble());
        }

        return new HeadlineFigure(key, String(entry, "label") ?? key, value.GetDouble(), interval?.Lower, interval?.Upper, String(entry, "definition"));
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "No evaluation reports: {Directory} does not exist")]
    private static partial void LogNoFolder(ILogger logger, string directory);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Skipping evaluation report {Path}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string path, string reason);

    private static void Require(bool condition, string reason)
    {
        if (!condition)
        {
            throw new FormatException(reason);
        }
    }

    private static string? String(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(child.GetString())
            ? child.GetString()
            : null;

    private static int? Count(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Number && child.TryGetInt32(out var count) ? count : null;
}

/// <summary>One evaluated set: who it is, whether it is external, and its headline figures by key.</summary>
public sealed record EvaluationReport(
    string Name,
    string Title,
    bool External,
    int? Evaluated,
    int? Labelled,
    IReadOnlyDictionary<string, HeadlineFigure> Headline)
{
    /// <summary>A set of images that are not dermoscopic (no diagnoses): only its rejections are shown.</summary>
    public bool Negative { get; init; }

    /// <summary>Classified / uncertain / rejected counts; null for reports written before schema 1.1.</summary>
    public AssessmentSummary? Assessment { get; init; }

    /// <summary>The figure under <paramref name="key"/>, or null where the set does not define it (never 0).</summary>
    public HeadlineFigure? Figure(string key) => Headline.GetValueOrDefault(key);
}

/// <summary>
/// How many of a set's evaluated images the service would classify, report as uncertain, or reject; the groups are
/// a negative set's groups or a labelled set's true labels.
/// </summary>
public sealed record AssessmentSummary(
    int Images,
    (int Classified, int Uncertain, int Rejected) Counts,
    IReadOnlyList<AssessmentGroup> Groups)
{
    public int Accepted => Counts.Classified + Counts.Uncertain;

    /// <summary>"97.4%": accepted (classified + uncertain) as a share of the evaluated images.</summary>
    public string AcceptedText => Percent(Accepted, Images);

    public string UncertainText => Percent(Counts.Uncertain, Images);

    public string RejectedText => Percent(Counts.Rejected, Images);

    internal static string Percent(int count, int of) =>
        of > 0 ? ((double)count / of * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";
}

/// <summary>One group of a set (a negative set's group, e.g. "photo"), with its own counts.</summary>
public sealed record AssessmentGroup(string Name, int Images, (int Classified, int Uncertain, int Rejected) Counts, IReadOnlyDictionary<string, int> Reasons)
{
    public int Accepted => Counts.Classified + Counts.Uncertain;

    public string RejectedText => AssessmentSummary.Percent(Counts.Rejected, Images);
}

/// <summary>One headline figure with its 95% interval where the report gives one.</summary>
public sealed record HeadlineFigure(string Key, string Label, double Value, double? Lower, double? Upper, string? Definition)
{
    /// <summary>"0.758 (0.710–0.803)": three decimals, as in models/evaluation/README.md and MODEL_CARD.md.</summary>
    public string Text => Lower is { } lower && Upper is { } upper
        ? string.Create(CultureInfo.InvariantCulture, $"{Value:0.000} ({lower:0.000}–{upper:0.000})")
        : Value.ToString("0.000", CultureInfo.InvariantCulture);
}

public static class EvaluationReportsSetup
{
    public static WebApplicationBuilder AddSkinLesionEvaluations(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<EvaluationReports>();
        return builder;
    }
}
