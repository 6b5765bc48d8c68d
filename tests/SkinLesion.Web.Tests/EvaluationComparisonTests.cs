using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkinLesion.Inference;
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

        // Assert: the values are those of models/evaluation/README.md's table, three decimals with the interval.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var table = Between(html, "<table id=\"evaluations\">", "</table>");
        AssertRow(table, "ham10000-test", "Held-out split", "0.758 (0.710–0.803)", "0.911 (0.887–0.933)", "0.875 (0.827–0.921)", "0.799 (0.773–0.825)");
        AssertRow(table, "isic2017-test", "External", "0.556 (0.510–0.599)", "0.674 (0.617–0.726)", "0.496 (0.408–0.591)", "0.739 (0.700–0.777)");
        AssertRow(table, "isic2017-validation", "External", "0.596 (0.515–0.680)", "0.714 (0.601–0.826)", "0.433 (0.257–0.615)", "0.742 (0.664–0.821)");
        AssertRow(table, "isic2016-test", "External", "—", "0.733 (0.660–0.808)", "0.381 (0.267–0.516)", "0.893 (0.851–0.929)");
        Assert.Contains("other clinics", html, StringComparison.Ordinal);
        var definitions = Between(html, "<details id=\"evaluation-definitions\">", "</details>");
        Assert.Contains("share of melanomas (the set's only malignant class)", definitions, StringComparison.Ordinal);

        var svg = Between(html, "<svg id=\"evaluations-chart\"", "</svg>");
        Assert.Contains("role=\"img\"", svg, StringComparison.Ordinal);
        Assert.Contains("<title id=\"evaluations-chart-title\">", svg, StringComparison.Ordinal);
        Assert.Contains("isic2016-test (external)", svg, StringComparison.Ordinal);
        Assert.Contains(">0.758 (0.710–0.803)<", svg, StringComparison.Ordinal);
        // ISIC 2016 has no balanced accuracy: 4 figures x 4 sets, less that one, are drawn as bars.
        Assert.Equal(15, Count(svg, "<rect x="));
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
        File.WriteAllText(Path.Combine(TempEvaluationDirectory, "broken", EvaluationReports.ReportFileName), "{ \"schemaVersion\": 1, \"kind\": ");
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
        var table = Between(html, "<table id=\"evaluations\">", "</table>");
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
        var broken = Path.Combine(TempEvaluationDirectory, "broken", EvaluationReports.ReportFileName);
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
        Assert.Contains(logger.Warnings, warning => warning.Contains(textValue, StringComparison.Ordinal) && warning.Contains("numeric value", StringComparison.Ordinal));
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
        Assert.Equal("0.733 (0.660–0.808)", isic2016.Figure("melanomaAuc")!.Text);
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
        new(Options.Create(new ModelOptions { Path = Path.Combine(_modelDirectory, "skin-lesion-mobilenetv2.json") }), logger);

    private void CopyModelWithReports()
    {
        foreach (var file in new[] { "skin-lesion-mobilenetv2.json", "skin-lesion-mobilenetv2.onnx", "skin-lesion-mobilenetv2-ood.json" })
        {
            File.Copy(Path.Combine(RepoLayout.ModelsDirectory, file), Path.Combine(_modelDirectory, file));
        }

        foreach (var report in Directory.EnumerateFiles(EvaluationDirectory, EvaluationReports.ReportFileName, SearchOption.AllDirectories))
        {
            var target = Path.Combine(TempEvaluationDirectory, Path.GetRelativePath(EvaluationDirectory, report));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(report, target);
        }
    }

    /// <summary>A variant of the committed ISIC 2016 report in its own folder; returns its path.</summary>
    private string WriteReport(string folder, Action<JsonNode> edit)
    {
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(EvaluationDirectory, "isic2016-test", EvaluationReports.ReportFileName)))!;
        edit(report);
        var path = Path.Combine(TempEvaluationDirectory, folder, EvaluationReports.ReportFileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, report.ToJsonString());
        return path;
    }

    private static void AssertRow(string table, string name, string kind, params string[] figures)
    {
        var row = Between(table, $"<tr data-evaluation=\"{name}\">", "</tr>");
        Assert.Contains($"<td>{kind}</td>", row, StringComparison.Ordinal);
        foreach (var figure in figures)
        {
            Assert.Contains($">{figure}</td>", row, StringComparison.Ordinal);
        }
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' not found");
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        Assert.True(to >= 0, $"'{end}' not found after '{start}'");
        return text[from..to];
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
