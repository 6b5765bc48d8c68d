using System.Globalization;
using SkinLesion.Soak;

// Issue 17, item 7: a bounded soak against a running SkinLesion server.
// Arguments: --url <base URL, default http://127.0.0.1:5099> --pid <server process id> [--minutes 20]
// [--clients 4] [--burst 64] [--burst-every-seconds 120] [--report <markdown file>] [--seed N]
// Environment: SKINLESION_API_KEY, sent as X-Api-Key, for a server that requires authentication.
// Or "flood" first: issue 17's acceptance flood, --url --pid [--connections 128] [--seconds 30]
// [--width 6000 --height 4500] [--no-expect-continue] [--report <markdown file>].
if (args.Length > 0 && args[0] == "flood")
{
    var flood = FloodOptions.Parse(args);
    using var floodRun = new FloodRun(flood);
    var (markdown, passed) = await floodRun.RunAsync();
    Console.WriteLine();
    Console.WriteLine(markdown);
    if (flood.ReportPath is { } floodReport)
    {
        await File.WriteAllTextAsync(floodReport, markdown);
        Console.WriteLine($"Report written to {floodReport}");
    }

    return passed ? 0 : 1;
}

var options = SoakOptions.Parse(args);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Soak: {options.Url}, server pid {options.Pid}, {options.Minutes} min, {options.Clients} steady clients, bursts of {options.Burst} large uploads every {options.BurstEverySeconds} s"));
using var run = new SoakRun(options);
var minutes = await run.RunAsync();
var report = SoakReport.Render(options, run.PayloadSummary, minutes);
Console.WriteLine();
Console.WriteLine(report.Markdown);
if (options.ReportPath is { } path)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    await File.WriteAllTextAsync(path, report.Markdown);
    Console.WriteLine($"Report written to {path}");
}

return report.Passed ? 0 : 1;
