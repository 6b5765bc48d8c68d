namespace SkinLesion.Inference.Explanation;

/// <summary>A rectangle in pixels of the explanation image (x to the right, y down, origin top-left).</summary>
public sealed record PixelBox(int X, int Y, int Width, int Height);
