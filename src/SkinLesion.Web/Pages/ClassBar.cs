namespace SkinLesion.Web.Pages;

/// <summary>One class of the result, ready to draw as a labelled bar.</summary>
public sealed record ClassBar(string Code, string Name, bool Malignant, float Probability, string PercentText, string BarWidth, bool IsTop);
