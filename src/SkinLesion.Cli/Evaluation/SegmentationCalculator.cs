using SkinLesion.Cli.Metrics;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;
using SkinLesion.Inference.Segmentation;
using M = SkinLesion.Cli.Metrics.ClassificationMetrics;

namespace SkinLesion.Cli.Evaluation;

/// <summary>
/// The served outline against reference masks, image by image (Dice, Jaccard), and each lesion measure's AUC for
/// malignant against benign, every figure with the run's bootstrap (same resamples and unit as the classification's).
/// The outline is what an API client gets: the returned polygon drawn back onto the mask's grid, nothing when no lesion
/// was outlined (which scores 0 against a non-empty reference), and nothing for an image the screening rejects.
/// </summary>
internal static class SegmentationCalculator
{
    public const string Rejected = "rejected";

    // Higher means more suspicious for every measure, so each AUC reads the same way.
    private static readonly (string Key, string Label, Func<LesionMeasures, double> Value, string Definition)[] MeasureDefinitions =
    [
        ("asymmetry", "Asymmetry, both axes", m => m.AsymmetryMajorAxis + m.AsymmetryMinorAxis, "the two axes' non-overlapping area after folding (ΔA/A), added (0 to 2)"),
        ("asymmetryMajorAxis", "Asymmetry, long axis", m => m.AsymmetryMajorAxis, "ΔA/A folded about the major principal axis"),
        ("asymmetryMinorAxis", "Asymmetry, short axis", m => m.AsymmetryMinorAxis, "ΔA/A folded about the minor principal axis"),
        ("borderIrregularity", "Border irregularity", m => m.BorderIrregularity, "compactness index P²/(4πA)"),
        ("colourCount", "Number of colours", m => m.ColourCount, "dermoscopy colours covering at least 5% of the lesion (0 to 6); ties are frequent"),
        ("greatestDiameter", "Greatest diameter", m => m.GreatestDiameterPixels, "maximum Feret diameter in the upload's pixels (the images' scale is not known, so this compares sizes only as far as the set's magnification is uniform)"),
    ];

    public static (SegmentationFigures Figures, IReadOnlyList<SegmentedImage> Images) Compute(
        IReadOnlyList<ScoredImage> scored, IReadOnlyDictionary<string, byte[]> masks, ModelManifest manifest, Bootstrap bootstrap, string masksPath)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(masks);
        ArgumentNullException.ThrowIfNull(manifest);
        var images = scored.Select(image => Score(image, masks.GetValueOrDefault(image.Label.ImageId), manifest)).ToList();
        double[] dice = [.. images.Select(i => i.Dice)];
        double[] jaccard = [.. images.Select(i => i.Jaccard)];
        double[] outlinedDice = [.. images.Select(i => i.Image.Lesion is { Found: true } ? i.Dice : double.NaN)];
        bool[] malignant = [.. images.Select(i => i.Malignant)];
        var withMask = images.Where(i => i.HasMask).ToList();
        var notOutlined = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [LesionReasons.EmptyMask] = withMask.Count(i => i.Image.Lesion?.NotFoundReason == LesionReasons.EmptyMask),
            [LesionReasons.TouchesBorder] = withMask.Count(i => i.Image.Lesion?.NotFoundReason == LesionReasons.TouchesBorder),
            [Rejected] = withMask.Count(i => i.Image.Lesion is null),
        };

        var contract = manifest.Segmentation!;
        var figures = new SegmentationFigures(
            "Per image, the outline the service returns (?segment=true) is drawn back onto the reference mask's grid (a pixel is inside when its centre is) and compared with the mask (grey >= 128): " +
            "Dice = 2|A∩B| / (|A| + |B|), Jaccard = |A∩B| / |A∪B|, 1 when both are empty. An image without an outline (no lesion found, or rejected by the screening) counts as an empty outline. " +
            "Means over the images with a reference mask; 95% percentile-bootstrap intervals with the run's resamples. Each measure's AUC is over the outlined images, malignant against benign (the set's labels), the measure's larger values taken as more suspicious.",
            new SegmentationModelInfo(contract.File, contract.Version, contract.Sha256.ToLowerInvariant(), contract.Threshold),
            masksPath,
            withMask.Count,
            withMask.Count(i => i.Image.Lesion is { Found: true }),
            notOutlined,
            images.Count - withMask.Count,
            RateEstimate.Of(bootstrap, images.Count, ix => M.NanMean(Bootstrap.Pick(dice, ix))),
            RateEstimate.Of(bootstrap, images.Count, ix => M.NanMean(Bootstrap.Pick(jaccard, ix))),
            RateEstimate.Of(bootstrap, images.Count, ix => M.NanMean(Bootstrap.Pick(outlinedDice, ix))),
            [.. MeasureDefinitions.Select(measure => Measure(measure, images, malignant, bootstrap))],
            TrainingReference(manifest));
        return (figures, images);
    }

    private static SegmentedImage Score(ScoredImage image, byte[]? maskFile, ModelManifest manifest)
    {
        bool malignant = image.Label.Dx is { } dx
            ? manifest.Labels.Any(label => label.Malignant && label.Code == dx)
            : image.Label.Melanoma;
        if (maskFile is null)
        {
            return new SegmentedImage(image, malignant, false, double.NaN, double.NaN);
        }

        var mask = ReferenceMask.Decode(maskFile, image.Label.ImageId);
        if (image.Lesion is { } lesion && (lesion.ImageWidth, lesion.ImageHeight) != (mask.Width, mask.Height))
        {
            throw new InvalidDataException($"The reference mask of {image.Label.ImageId} is {mask.Width}x{mask.Height}, but the image displays as {lesion.ImageWidth}x{lesion.ImageHeight}; a mask must have its image's own size.");
        }

        var outline = image.Lesion is { } found ? mask.Draw(found) : new bool[mask.Lesion.Length];
        int both = 0, reference = 0, drawn = 0;
        for (int i = 0; i < outline.Length; i++)
        {
            both += mask.Lesion[i] && outline[i] ? 1 : 0;
            reference += mask.Lesion[i] ? 1 : 0;
            drawn += outline[i] ? 1 : 0;
        }

        return reference + drawn == 0
            ? new SegmentedImage(image, malignant, true, 1, 1)
            : new SegmentedImage(image, malignant, true, 2.0 * both / (reference + drawn), (double)both / (reference + drawn - both));
    }

    private static MeasureFigure Measure(
        (string Key, string Label, Func<LesionMeasures, double> Value, string Definition) measure, List<SegmentedImage> images, bool[] malignant, Bootstrap bootstrap)
    {
        double[] values = [.. images.Select(i => i.Image.Lesion?.Measures is { } m ? measure.Value(m) : double.NaN)];
        double Auc(int[] indices)
        {
            var kept = indices.Where(i => !double.IsNaN(values[i])).ToArray();
            return M.Auc(Bootstrap.Pick(malignant, kept), Bootstrap.Pick(values, kept));
        }

        var outlined = Enumerable.Range(0, images.Count).Where(i => !double.IsNaN(values[i])).ToList();
        return new MeasureFigure(
            measure.Key,
            measure.Label,
            outlined.Count,
            outlined.Count(i => malignant[i]),
            RateEstimate.Of(bootstrap, images.Count, Auc),
            measure.Definition + "; malignant: " + "mel, bcc or akiec where the set names the class, melanoma where it names only that");
    }

    /// <summary>Training's test figures (manifest segmentation.metrics.test.dice/jaccard), rounded as the report's.</summary>
    private static Dictionary<string, Estimate>? TrainingReference(ModelManifest manifest)
    {
        var test = TrainingMetrics.Section(manifest.Segmentation?.Metrics, "test");
        var figures = new Dictionary<string, Estimate>(StringComparer.Ordinal);
        foreach (var key in new[] { "dice", "jaccard" })
        {
            if (TrainingMetrics.Figure(test, key) is { Value: not null } estimate)
            {
                figures[key] = estimate;
            }
        }

        return figures.Count > 0 ? figures : null;
    }
}
