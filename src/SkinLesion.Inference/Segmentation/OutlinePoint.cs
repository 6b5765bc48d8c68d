namespace SkinLesion.Inference.Segmentation;

/// <summary>A point of a lesion outline in image pixels: x to the right, y down, from the image's top-left corner.</summary>
public readonly record struct OutlinePoint(double X, double Y);
