namespace SkinLesion.Web.Pages;

/// <summary>One of training's figures on the model page: where the PNG is served and what it shows.</summary>
public sealed record FigureView(string Url, string Caption);
