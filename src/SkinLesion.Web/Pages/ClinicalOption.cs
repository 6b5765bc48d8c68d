namespace SkinLesion.Web.Pages;

/// <summary>One choice of a clinical select: the manifest's value, its label for people, and whether the form had it chosen.</summary>
public sealed record ClinicalOption(string Value, string Label, bool Selected);
