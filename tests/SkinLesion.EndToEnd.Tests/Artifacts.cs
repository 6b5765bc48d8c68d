using System.Globalization;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SkinLesion.Tests.Shared;

namespace SkinLesion.EndToEnd.Tests;

/// <summary>Screenshots and accessibility reports, kept under the git-ignored TestResults/ for people and CI artefacts.</summary>
internal static class Artifacts
{
    public static readonly int[] Widths = [390, 1280];

    private static readonly string[] Impacts = ["critical", "serious", "moderate", "minor"];

    public static string ScreenshotsDirectory => Directory.CreateDirectory(Path.Combine(RepoLayout.TestResultsDirectory, "screenshots")).FullName;

    public static string AxeDirectory => Directory.CreateDirectory(Path.Combine(RepoLayout.TestResultsDirectory, "axe")).FullName;

    /// <summary>Full-page screenshots of what the page shows now, at the phone and the desktop width.</summary>
    public static async Task<IReadOnlyList<string>> ScreenshotAtBothWidthsAsync(IPage page, string name)
    {
        var paths = new List<string>();
        foreach (var width in Widths)
        {
            await page.SetViewportSizeAsync(width, width < 600 ? 844 : 800);
            await AssertNoHorizontalScrollAsync(page, name, width);
            var path = Path.Combine(ScreenshotsDirectory, $"{name}-{width}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>
    /// Runs axe-core on the page as it is now, writes the report, and fails on any serious or critical
    /// violation (moderate and minor ones are reported, not fatal).
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page, string name, ITestOutputHelper output)
    {
        var results = await page.RunAxe();
        var report = new StringBuilder();
        var counts = Impacts
            .Select(impact => $"{impact}={results.Violations.Count(v => v.Impact == impact)}");
        report.AppendLine(CultureInfo.InvariantCulture, $"axe {name} ({page.Url}): {results.Violations.Length} violation(s); {string.Join(", ", counts)}; {results.Passes.Length} rules passed");
        foreach (var violation in results.Violations)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {violation.Impact} {violation.Id}: {violation.Help} ({violation.Nodes.Length} node(s): {string.Join(" | ", violation.Nodes.Select(node => node.Html))})");
        }

        await File.WriteAllTextAsync(Path.Combine(AxeDirectory, $"{name}.txt"), report.ToString());
        output.WriteLine(report.ToString());
        var blocking = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, report.ToString());
    }

    private static async Task AssertNoHorizontalScrollAsync(IPage page, string name, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{name} at {width} px scrolls sideways: the document is {scrollWidth} px wide");
    }
}
