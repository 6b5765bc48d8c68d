namespace SkinLesion.Web.Evaluations;

/// <summary>One compared figure's heading and the bars of every set under it.</summary>
public sealed record ChartGroup(string Label, int HeadingY, IReadOnlyList<ChartBar> Bars);
