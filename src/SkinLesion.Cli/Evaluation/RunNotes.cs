using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Cli.Evaluation;

/// <summary>
/// The report's notes: what a reader needs to know to read the figures right, from the set's own figures and
/// from how this run was made (screening switched off, another JPEG decoder, images the geometry rule resized).
/// </summary>
internal static class RunNotes
{
    public static List<string> For(ComputedFigures computed, ScreeningInfo screening, string jpegDecoder, ManifestInput input, IReadOnlyList<ScoredImage> scored, bool negative)
    {
        ArgumentNullException.ThrowIfNull(computed);
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(jpegDecoder);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(scored);
        var notes = computed.Notes.ToList();
        if (screening.OutOfDistribution is null)
        {
            notes.Add("The manifest lists no out-of-distribution artifact, so only the texture and colour floors could reject an image (not-dermoscopic cannot occur in this run).");
        }

        if (screening.Uncertainty is null)
        {
            notes.Add("The manifest has no uncertainty section, so no image could be reported as uncertain in this run.");
        }

        if (!jpegDecoder.StartsWith("libjpeg-turbo", StringComparison.Ordinal))
        {
            notes.Add("JPEGs were decoded by ImageSharp, not libjpeg-turbo: pixels differ slightly from training's Pillow decode, so probabilities differ from training's by up to ~0.09 (docs/decisions/0004-jpeg-decoder.md).");
        }

        int resized = scored.Count(s => s.Width != input.Width || s.Height != input.Height);
        if (resized > 0 && !negative)
        {
            notes.Add($"{resized} of {scored.Count} images are not {input.Width}x{input.Height}, so the served geometry rule cropped and resized them with ImageSharp's bicubic filter; training resized with Pillow's bicubic, whose pixels differ slightly. Borderline images can therefore land on the other side of a decision than in training's own figures (measured in models/evaluation/README.md).");
        }

        return notes;
    }
}
