using SkinLesion.Inference;

namespace SkinLesion.Web.Api;

/// <summary>
/// The class activation map of the reported class over the image as the model saw it (after the
/// geometry rule: landscape, centre-cropped to 4:3, 200x150), with a colour-bar legend under it.
/// </summary>
/// <param name="ClassCode">The explained class: always the reported prediction.</param>
/// <param name="Image">PNG as a data URI (data:image/png;base64,...): the overlay on top, the legend strip below.</param>
/// <param name="Width">Width of the PNG in pixels.</param>
/// <param name="Height">Height of the PNG in pixels (the 150-pixel map area plus the legend).</param>
/// <param name="BoundingBox">Where the map is at least half its maximum, in pixels of the PNG (origin top-left).</param>
/// <param name="ColourMap">The colour map's name (viridis: dark purple = least evidence, yellow = most).</param>
/// <param name="Note">How the map was made and how to read it.</param>
public sealed record ExplanationInfo(string ClassCode, string Image, int Width, int Height, BoundingBoxInfo BoundingBox, string ColourMap, string Note)
{
    public static ExplanationInfo From(ClassExplanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        var box = explanation.BoundingBox;
        return new ExplanationInfo(
            explanation.ClassCode,
            "data:image/png;base64," + Convert.ToBase64String(explanation.Png),
            explanation.Width,
            explanation.Height,
            new BoundingBoxInfo(box.X, box.Y, box.Width, box.Height),
            explanation.ColourMap,
            explanation.Note);
    }
}
