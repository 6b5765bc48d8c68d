namespace SkinLesion.Web.Pages;

/// <summary>A refusal as the page shows it: a heading per cause and the same detail the API sends.</summary>
public sealed record RefusalView(string Code, string Heading, string Detail);
