namespace SkinLesion.Web.Pages;

/// <summary>One class's figures on the test split, as the model page writes them.</summary>
public sealed record ClassMetricRow(string Code, string Name, bool Malignant, string? Support, string? Recall, string? Precision, string? Auc);
