using System.Globalization;

namespace SkinLesion.Web.Evaluations;

/// <summary>
/// Geometry of the server-rendered comparison chart: one group per compared figure, one horizontal bar per
/// set on a 0–1 scale, the 95% interval as an error bar and the value written beside it. Computed here so the
/// Razor view only writes elements; no script or chart library is involved.
/// </summary>
public sealed class EvaluationChart
{
    public const int Width = 760;
    public const int LabelWidth = 230;
    public const int BarWidth = 320;
    public const int RowHeight = 22;
    public const int GroupHeading = 26;
    public const int GroupGap = 12;
    public const int AxisHeight = 26;

    private EvaluationChart(IReadOnlyList<ChartGroup> groups, int height, string description)
    {
        Groups = groups;
        Height = height;
        Description = description;
    }

    public IReadOnlyList<ChartGroup> Groups { get; }

    public int Height { get; }

    /// <summary>Every value in words, for the SVG's desc: the chart is role="img", so this is what a screen reader hears.</summary>
    public string Description { get; }

    public static int BarLeft => LabelWidth;

    public static IReadOnlyList<(double Value, string Text, double X)> Ticks { get; } =
        [.. new[] { 0.0, 0.25, 0.5, 0.75, 1.0 }.Select(value => (value, value.ToString("0.00", CultureInfo.InvariantCulture), X(value)))];

    public static EvaluationChart From(IReadOnlyList<EvaluatedSet> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var groups = new List<ChartGroup>();
        var y = AxisHeight;
        var words = new List<string>();
        foreach (var (key, label) in EvaluationReports.ComparedFigures)
        {
            var headingY = y + 18;
            y += GroupHeading;
            var bars = new List<ChartBar>();
            foreach (var set in sets)
            {
                var figure = set.Figure(key);
                bars.Add(new ChartBar(
                    set.Name + (set.External ? " (external)" : " (held-out)"),
                    set.External,
                    y,
                    figure?.Value is { } value ? X(value) - X(0) : null,
                    figure?.Ci95 is [var lower, _] ? X(lower) : null,
                    figure?.Ci95 is [_, var upper] ? X(upper) : null,
                    set.FigureText(key) ?? "— not defined for this set"));
                y += RowHeight;
            }

            words.Add($"{label}: " + string.Join("; ", bars.Select(bar => $"{bar.Label} {bar.ValueText}")) + ".");
            groups.Add(new ChartGroup(label, headingY, bars));
            y += GroupGap;
        }

        return new EvaluationChart(groups, y, string.Join(" ", words));
    }

    /// <summary>An SVG coordinate, with a dot whatever the server's culture.</summary>
    public static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Horizontal position of a rate; values outside 0–1 are pinned to the axis ends.</summary>
    public static double X(double value) => Math.Round(LabelWidth + (BarWidth * Math.Clamp(value, 0, 1)), 1);
}
