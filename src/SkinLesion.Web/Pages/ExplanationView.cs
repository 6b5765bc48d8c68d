using SkinLesion.Inference;

namespace SkinLesion.Web.Pages;

/// <summary>The class activation map as the page shows it: an image beside the upload, with how to read it.</summary>
public sealed record ExplanationView(string ImageDataUri, int Width, int Height, string AltText, string Note)
{
    public static ExplanationView From(ClassExplanation explanation, string className)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        return new ExplanationView(
            $"data:image/png;base64,{Convert.ToBase64String(explanation.Png)}",
            explanation.Width,
            explanation.Height,
            $"Where the model looked for {className}: a heat map over the image, lighter and yellower where the evidence is stronger.",
            PageNote(className, explanation.MapWidth, explanation.MapHeight));
    }

    // The API's note is written for integrators (weights, upsampling, the bounding box it returns); the page draws no box.
    private static string PageNote(string className, int width, int height) =>
        $"For {className}, the top class: the brighter the colour, the more that part of the image counted towards it (dark purple least, yellow most; legend below the map). " +
        $"The map is drawn over the image as the model saw it (turned to landscape, the centre cut to 4:3, {width} x {height} pixels) from a coarse grid, " +
        "so it shows roughly where the evidence lies; it is not an outline of the lesion.";
}
