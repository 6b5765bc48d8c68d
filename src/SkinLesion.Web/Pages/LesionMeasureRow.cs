namespace SkinLesion.Web.Pages;

/// <summary>One measure of the outlined lesion as the page lists it.</summary>
/// <param name="Id">A stable id for the value's element (tests and anchors).</param>
/// <param name="Name">The measure's name.</param>
/// <param name="ValueText">Its value, in words.</param>
/// <param name="Explanation">What it means, in plain language.</param>
public sealed record LesionMeasureRow(string Id, string Name, string ValueText, string Explanation);
