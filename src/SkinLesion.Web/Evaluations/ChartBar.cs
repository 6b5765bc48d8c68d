namespace SkinLesion.Web.Evaluations;

/// <summary>One set's bar; Length is null where the set has no such figure, so nothing is drawn (never a zero bar).</summary>
public sealed record ChartBar(string Label, bool External, int Y, double? Length, double? LowerX, double? UpperX, string ValueText)
{
    public double BarY => Y + 4;

    public double BarHeight => EvaluationChart.RowHeight - 8;

    public double MiddleY => Y + (EvaluationChart.RowHeight / 2.0);

    public double TextY => Y + 15;

    public static double ValueX => EvaluationChart.LabelWidth + EvaluationChart.BarWidth + 10;
}
