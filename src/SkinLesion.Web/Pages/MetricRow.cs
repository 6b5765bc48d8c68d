namespace SkinLesion.Web.Pages;

/// <summary>One summary metric of the model page: its name and its text on the test and validation splits.</summary>
public sealed record MetricRow(string Label, string? Test, string? Validation);
