using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Evaluations;

namespace SkinLesion.Web.Tests;

/// <summary>The model page's comparison across models/evaluation/*/report.json: the committed sets, new ones, broken ones.</summary>
[Collection(ApiGroup.Name)]
public sealed class EvaluationComparisonTests(ApiFactory factory) : IDisposable
{
    private static readonly string EvaluationDirectory = Path.Combine(RepoLayout.ModelsDirectory, EvaluationReports.FolderName);

    private readonly string _modelDirectory = Directory.CreateTempSubdirectory("skinlesion-evaluations-").FullName;

    private string TempEvaluationDirectory => Path.Combine(_modelDirectory, EvaluationReports.FolderName);

    [Fact]
    public async Task Get_ModelPage_ListsEveryCommittedSetWithItsHeadlineFiguresAndDrawsTheSvgChart()
    {
        // Arrange
        using var client = factory.CreateClient();

        // Act
        using var response = await client.GetAsync("/model");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert: every committed labelled set, with its own report's figures to three decimals and the interval.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var committed = CommittedLabelledReports();
        var table = PageText.Between(html, "<table id=\"evaluations\">", "</table>");
        Assert.Equal(committed.Count, Count(table, "data-evaluation="));
        AssertRow(table, committed["ham10000-test"], "Held-out split");
        AssertRow(table, committed["isic2017-test"], "External");
        AssertRow(table, committed["isic2017-validation"], "External");
        AssertRow(table, committed["isic2016-test"], "External");
        Assert.Contains("other clinics", html, StringComparison.Ordinal);
        var definitions = PageText.Between(html, "<details id=\"evaluation-definitions\">", "</details>");
        Assert.Contains("share of melanomas (the set's only malignant class)", definitions, StringComparison.Ordinal);

        var svg = PageText.Between(html, "<svg id=\"evaluations-chart\"", "</svg>");
        Assert.Contains("role=\"img\"", svg, StringComparison.Ordinal);
        Assert.Contains("<title id=\"evaluations-chart-title\">", svg, StringComparison.Ordinal);
        Assert.Contains("isic2016-test (external)", svg, StringComparison.Ordinal);
        Assert.Contains($">{ExpectedText(committed["ham10000-test"], "balancedAccuracy")}<", svg, StringComparison.Ordinal);

        // ISIC 2016 labels only benign or malignant, so it has no balanced accuracy: one bar per figure a set defines.
        Assert.Null(FigureOf(committed["isic2016-test"], "balancedAccuracy"));
        int defined = committed.Values.Sum(report => EvaluationReports.ComparedFigures.Count(figure => FigureOf(report, figure.Key) is not null));
        Assert.Equal(defined, Count(svg, "<rect x="));
        Assert.Contains(">— not defined for this set<", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ModelPage_ShowsAReportAddedToTheModelFolderAndSkipsMalformedOnes()
    {
        // Arrange: a copy of the shipped model with one new set, one broken file and one future schema beside it.
        CopyModelWithReports();
        WriteReport("new-clinic-2026", report =>
        {
            report["dataset"]!["name"] = "new-clinic-2026";
            report["dataset"]!["title"] = "A clinic added after release";
            report["headline"]![0]!["value"] = 0.8123;
            report["headline"]![0]!["ci95"] = new JsonArray(0.7001, 0.9002);
        });
        Directory.CreateDirectory(Path.Combine(TempEvaluationDirectory, "broken"));
        File.WriteAllText(Path.Combine(TempEvaluationDirectory, "broken", EvaluationReport.FileName), "{ \"schemaVersion\": 1, \"kind\": ");
        WriteReport("future-schema", report =>
        {
            report["schemaVersion"] = 2;
            report["dataset"]!["name"] = "future-schema";
        });
        using var host = factory.WithWebHostBuilder(builder => builder.UseSetting("SkinLesion:Model:Path", Path.Combine(_modelDirectory, "skin-lesion-mobilenetv2.json")));
        using var client = host.CreateClient();

        // Act
        using var response = await client.GetAsync("/model");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var table = PageText.Between(html, "<table id=\"evaluations\">", "</table>");
        Assert.Contains("data-evaluation=\"new-clinic-2026\"", table, StringComparison.Ordinal);
        Assert.Contains("0.812 (0.700–0.900)", table, StringComparison.Ordinal);
        Assert.Equal(5, Count(table, "data-evaluation="));
        Assert.DoesNotContain("future-schema", html, StringComparison.Ordinal);
        Assert.DoesNotContain("broken", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MalformedReports_AreSkippedWithAWarningNamingTheFile()
    {
        // Arrange
        CopyModelWithReports();
        Directory.CreateDirectory(Path.Combine(TempEvaluationDirectory, "broken"));
        var broken = Path.Combine(TempEvaluationDirectory, "broken", EvaluationReport.FileName);
        File.WriteAllText(broken, "not json");
        var wrongKind = WriteReport("wrong-kind", report => report["kind"] = "something-else");
        var textValue = WriteReport("text-value", report => report["headline"]![0]!["value"] = "0.5");
        var logger = new ListLogger();
        var reports = Service(logger);

        // Act
        var read = reports.Read();

        // Assert
        Assert.Equal(["ham10000-test", "isic2016-test", "isic2017-test", "isic2017-validation"], read.Select(report => report.Name));
        Assert.Equal(3, logger.Warnings.Count);
        Assert.Contains(logger.Warnings, warning => warning.Contains(broken, StringComparison.Ordinal));
        Assert.Contains(logger.Warnings, warning => warning.Contains(wrongKind, StringComparison.Ordinal) && warning.Contains("kind", StringComparison.Ordinal));
        Assert.Contains(logger.Warnings, warning => warning.Contains(textValue, StringComparison.Ordinal) && warning.Contains("$.headline[0].value", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_CommittedReports_HeldOutFirstAndAbsentFigureIsNullNotZero()
    {
        // Arrange
        CopyModelWithReports();

        // Act
        var read = Service(new ListLogger()).Read();

        // Assert
        Assert.False(read[0].External);
        Assert.All(read.Skip(1), report => Assert.True(report.External));
        var isic2016 = Assert.Single(read, report => report.Name == "isic2016-test");
        Assert.Null(isic2016.Figure("balancedAccuracy"));
        Assert.Equal(ExpectedText(CommittedLabelledReports()["isic2016-test"], "melanomaAuc"), isic2016.FigureText("melanomaAuc"));
        Assert.Equal(305, isic2016.Evaluated);
    }

    [Fact]
    public void Read_NoEvaluationFolder_ReturnsNothing()
    {
        // Arrange: the folder holds only the manifest's name, no evaluation/ beside it.
        var reports = Service(new ListLogger());

        // Act
        var read = reports.Read();

        // Assert
        Assert.Empty(read);
    }

    public void Dispose() => Directory.Delete(_modelDirectory, recursive: true);

    private EvaluationReports Service(ListLogger logger) =>
        new(Options.Create(new ModelOptions { Path = Path.Combine(_modelDirectory, "skin-lesion-mobilenetv2.json") }), factory.Services.GetRequiredService<ISkinLesionClassifier>(), logger);

    private void CopyModelWithReports()
    {
        foreach (var file in ShippedModel.Files)
        {
            File.Copy(Path.Combine(RepoLayout.ModelsDirectory, file), Path.Combine(_modelDirectory, file));
        }

        foreach (var report in Directory.EnumerateFiles(EvaluationDirectory, EvaluationReport.FileName, SearchOption.AllDirectories))
        {
            var target = Path.Combine(TempEvaluationDirectory, Path.GetRelativePath(EvaluationDirectory, report));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(report, target);
        }
    }

    /// <summary>A variant of the committed ISIC 2016 report in its own folder; returns its path.</summary>
    private string WriteReport(string folder, Action<JsonNode> edit)
    {
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(EvaluationDirectory, "isic2016-test", EvaluationReport.FileName)))!;
        edit(report);
        var path = Path.Combine(TempEvaluationDirectory, folder, EvaluationReport.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, report.ToJsonString());
        return path;
    }

    /// <summary>The committed reports of labelled sets, by name, read through the shared contract.</summary>
    /// <summary>The committed reports the page shows: models/evaluation/&lt;set&gt;/report.json, one level down (the stress
    /// set's renderings sit a level deeper and have a README of their own), but not the clinical-data study's.</summary>
    private static Dictionary<string, EvaluationReport> CommittedLabelledReports() =>
        Directory.EnumerateDirectories(EvaluationDirectory)
            .Select(folder => Path.Combine(folder, EvaluationReport.FileName))
            .Where(File.Exists)
            .Where(path => Path.GetFullPath(path) != ShippedModel.ClinicalStudyReportPath)
            .Select(EvaluationReport.Read)
            .Where(report => report.Dataset.Task != DatasetInfo.NegativeTask)
            .ToDictionary(report => report.Dataset.Name);

    private static HeadlineFigure? FigureOf(EvaluationReport report, string key) => report.Headline.SingleOrDefault(figure => figure.Key == key);

    /// <summary>"v.vvv (l.lll–u.uuu)": the report's value and interval to three decimals, or a dash where it has no such figure.</summary>
    private static string ExpectedText(EvaluationReport report, string key) => FigureOf(report, key) switch
    {
        null => "—",
        { Value: { } value, Ci95: [var lower, var upper] } => string.Create(CultureInfo.InvariantCulture, $"{value:0.000} ({lower:0.000}–{upper:0.000})"),
        { Value: { } value } => value.ToString("0.000", CultureInfo.InvariantCulture),
        _ => throw new InvalidDataException($"{report.Dataset.Name}: headline '{key}' has no value"),
    };

    private static void AssertRow(string table, EvaluationReport report, string kind)
    {
        var row = PageText.Between(table, $"<tr data-evaluation=\"{report.Dataset.Name}\">", "</tr>");
        Assert.Contains($"<td>{kind}</td>", row, StringComparison.Ordinal);
        foreach (var (key, _) in EvaluationReports.ComparedFigures)
        {
            Assert.Contains($">{ExpectedText(report, key)}</td>", row, StringComparison.Ordinal);
        }
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    /// <summary>Keeps the formatted warnings so a test can check that a skipped report was reported.</summary>
    private sealed class ListLogger : ILogger<EvaluationReports>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
