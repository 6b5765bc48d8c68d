namespace SkinLesion.Inference.Explanation;

/// <summary>
/// Where the model looked for the class it reported: the class activation map of that class, drawn
/// over the image the model actually saw (the upload after the geometry rule, model-input size), with
/// a colour-bar legend underneath.
/// </summary>
/// <param name="ClassIndex">Manifest index of the explained class (the decision rule's pick).</param>
/// <param name="ClassCode">Manifest code of the explained class.</param>
/// <param name="Png">The overlay plus legend, PNG-encoded.</param>
/// <param name="Width">Width of the PNG in pixels.</param>
/// <param name="Height">Height of the PNG in pixels (map area plus legend strip).</param>
/// <param name="MapWidth">Width of the map area, the top-left of the PNG (the model-input width).</param>
/// <param name="MapHeight">Height of the map area (the model-input height).</param>
/// <param name="BoundingBox">Bounding box of the map values at or above <paramref name="BoundingBoxFraction"/> of the maximum, in PNG pixels.</param>
/// <param name="BoundingBoxFraction">The fraction of the map's maximum that defines <paramref name="BoundingBox"/>.</param>
/// <param name="ColourMap">Name of the colour map.</param>
/// <param name="Note">How to read the picture, for people.</param>
public sealed record ClassExplanation(
    int ClassIndex,
    string ClassCode,
    byte[] Png,
    int Width,
    int Height,
    int MapWidth,
    int MapHeight,
    PixelBox BoundingBox,
    double BoundingBoxFraction,
    string ColourMap,
    string Note)
{
    /// <summary>The normalised map (0..1, row-major, MapWidth x MapHeight) the picture was drawn from; for evaluation.</summary>
    internal float[] Map { get; init; } = [];
}
