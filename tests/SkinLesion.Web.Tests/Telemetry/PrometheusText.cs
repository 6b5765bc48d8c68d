using System.Globalization;
using System.Text.RegularExpressions;

namespace SkinLesion.Web.Tests.Telemetry;

/// <summary>The samples of a Prometheus text exposition (what GET /metrics answers), read line by line.</summary>
internal sealed partial class PrometheusText(string text)
{
    public string Text { get; } = text;

    /// <summary>GET /metrics, asserting that it answers.</summary>
    public static async Task<PrometheusText> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return new PrometheusText(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Every sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)> Samples(string name, params (string Key, string Value)[] labels)
    {
        var found = new List<(IReadOnlyDictionary<string, string>, double)>();
        foreach (var line in Text.Split('\n'))
        {
            var match = SampleLine().Match(line.TrimEnd('\r'));
            if (!match.Success || match.Groups["name"].Value != name)
            {
                continue;
            }

            var parsed = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(pair => pair.Groups["key"].Value, pair => pair.Groups["value"].Value);
            if (labels.All(label => parsed.TryGetValue(label.Key, out var value) && value == label.Value))
            {
                found.Add((parsed, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
            }
        }

        return found;
    }

    /// <summary>The sum of the matching samples, for counters split by labels the test does not care about.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) => Samples(name, labels).Sum(sample => sample.Value);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LabelPair();
}
