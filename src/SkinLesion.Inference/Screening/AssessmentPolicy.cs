using SkinLesion.Inference.Images;
using SkinLesion.Inference.Model;

namespace SkinLesion.Inference.Screening;

/// <summary>
/// What may be said about one image, from what the graph returned: the reported class (the manifest's decision
/// rule), the benign/malignant verdict and the uncertainty band (the operating point: the manifest's own, or a site
/// profile's) and the rest of the assessment (texture and colour floors, screening head and distance thresholds). Every
/// threshold rule lives here, away from the session code. Immutable and safe for concurrent use.
/// </summary>
internal sealed class AssessmentPolicy
{
    /// <summary>The texture floor when no artifact gives one: HAM10000 validation's minimum is 0.84, solid and smoothly shaded images are below 0.5.</summary>
    internal const double DefaultTextureMinimum = 0.5;

    /// <summary>
    /// The colour floor (<see cref="ImageChroma"/>, ADR 0049): well under the least colourful dermoscopy of the training
    /// and validation sources (4.1), well over a greyscale picture (0). Not part of the out-of-distribution artifact: it
    /// does not depend on the model.
    /// </summary>
    internal const double ChromaMinimum = 1.5;

    private readonly ModelManifest _manifest;
    private readonly OutOfDistributionModel? _outOfDistribution;
    private readonly DecisionRule _decisionRule;
    private readonly OperatingPoint _operatingPoint;

    internal AssessmentPolicy(ModelManifest manifest, OutOfDistributionModel? outOfDistribution, OperatingPoint operatingPoint)
    {
        _manifest = manifest;
        _outOfDistribution = outOfDistribution;
        _decisionRule = DecisionRule.FromManifest(manifest);
        _operatingPoint = operatingPoint;
    }

    /// <summary>
    /// Screening before anything is called a diagnosis: the texture and chroma of the model-input pixels and, when
    /// the manifest lists the artifact, the embedding's distance to the training classes, the early-stage
    /// statistics' distance to the training images and the screening head's score. The texture and colour floors
    /// apply with or without the artifact; the artifact records the texture floor it was validated with, while the
    /// colour floor does not depend on the model (ADR 0049).
    /// </summary>
    internal ScreeningScores Screen(ReadOnlySpan<byte> pixels, float[]? embedding, float[]? earlyStatistics)
    {
        double texture = ImageTexture.MeanNeighbourDifference(pixels, _manifest.Input.Width, _manifest.Input.Height);
        double chroma = ImageChroma.MeanChroma(pixels, _manifest.Input.Width, _manifest.Input.Height);
        if (_outOfDistribution is not { } ood || embedding is null)
        {
            return new ScreeningScores(null, null, texture, DefaultTextureMinimum) { Chroma = chroma, ChromaMinimum = ChromaMinimum };
        }

        // The early output is fetched whenever the manifest names it, and loading checked that it does.
        if (ood.Early is not null && earlyStatistics is null)
        {
            throw new InvalidOperationException("The artifact has an early-stage check but the graph run returned no early statistics.");
        }

        var scores = ood.Screen(embedding, earlyStatistics);
        return new ScreeningScores(scores.Embedding, ood.Threshold, texture, ood.TextureMinimum)
        {
            Chroma = chroma,
            ChromaMinimum = ChromaMinimum,
            EarlyScore = scores.Early,
            EarlyThreshold = ood.Early?.Threshold,
            DistanceRefuses = ood.Embedding.RefusesImages,
            EarlyRefuses = ood.Early?.RefusesImages ?? true,
            HeadScore = scores.Head,
            HeadThreshold = ood.Head is { } head ? _operatingPoint.HeadThreshold ?? head.Threshold : null,
        };
    }

    /// <summary>Every class's probability in manifest order, the class the decision rule reports, and the verdict at the operating point.</summary>
    internal (ClassProbability[] Classes, ClassProbability Top, Verdict Verdict) Decide(float[] probabilities)
    {
        var labels = _manifest.Labels;
        var classes = new ClassProbability[labels.Count];
        double malignant = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            classes[i] = new ClassProbability(i, labels[i].Code, labels[i].Name, labels[i].Malignant, probabilities[i]);
            if (labels[i].Malignant)
            {
                malignant += probabilities[i];
            }
        }

        return (classes, classes[_decisionRule.SelectTop(probabilities)], _operatingPoint.Decide(malignant));
    }

    /// <summary>The first check that applies decides: featureless, then greyscale, then not dermoscopic (head below its threshold, or a refusing distance above its own), then the operating point's uncertainty band.</summary>
    internal Assessment Assess(ScreeningScores screening, ClassProbability top, Verdict verdict)
    {
        if (screening.IsFeatureless)
        {
            return new Assessment(AssessmentStatus.Rejected, [AssessmentReasons.Featureless], screening);
        }

        if (screening.IsGreyscale)
        {
            return new Assessment(AssessmentStatus.Rejected, [AssessmentReasons.Greyscale], screening);
        }

        if (screening.IsNotDermoscopic)
        {
            return new Assessment(AssessmentStatus.Rejected, [AssessmentReasons.NotDermoscopic], screening);
        }

        var reasons = new List<string>(2);
        if (_operatingPoint.Band is { } band)
        {
            if (band.IsLowConfidence(top.Probability))
            {
                reasons.Add(AssessmentReasons.LowConfidence);
            }

            if (band.IsBorderline(verdict.MalignantProbability))
            {
                reasons.Add(AssessmentReasons.BorderlineMalignancy);
            }
        }

        return new Assessment(reasons.Count > 0 ? AssessmentStatus.Uncertain : AssessmentStatus.Classified, reasons, screening);
    }
}
