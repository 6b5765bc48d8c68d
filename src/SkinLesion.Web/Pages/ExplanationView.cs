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
            explanation.Note);
    }
}
