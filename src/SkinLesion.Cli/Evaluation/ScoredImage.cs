using SkinLesion.Cli.Data;
using SkinLesion.Inference;
using SkinLesion.Inference.Segmentation;

namespace SkinLesion.Cli.Evaluation;

/// <summary>What the served pipeline said about one labelled image.</summary>
/// <param name="Predicted">Index of the class the shipped decision rule names.</param>
/// <param name="MalignantProbability">p(mel)+p(bcc)+p(akiec), compared with the manifest's threshold.</param>
internal sealed record ScoredImage(LabelledImage Label, float[] Probabilities, int Predicted, double MalignantProbability, int Width, int Height)
{
    /// <summary>Classified, uncertain or rejected, with the reasons and screening scores, as the service decides it.</summary>
    public required Assessment Assessment { get; init; }

    /// <summary>The model's embedding of the image, when the manifest names that output.</summary>
    public IReadOnlyList<float>? Embedding { get; init; }

    /// <summary>The model's early-stage statistics of the image, when the manifest names that output.</summary>
    public IReadOnlyList<float>? EarlyStatistics { get; init; }

    /// <summary>The lesion as the service would outline it (evaluate --segment); null without it, and for a rejected image.</summary>
    public Lesion? Lesion { get; init; }
}
