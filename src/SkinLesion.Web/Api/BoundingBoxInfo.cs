namespace SkinLesion.Web.Api;

/// <summary>A rectangle in image pixels: x, y of the top-left corner, width and height.</summary>
public sealed record BoundingBoxInfo(int X, int Y, int Width, int Height);
