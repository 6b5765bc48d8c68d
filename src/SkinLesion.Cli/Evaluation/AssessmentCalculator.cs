using SkinLesion.Cli.Data;
using SkinLesion.Cli.Metrics;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Cli.Evaluation;

/// <summary>
/// Counts what the service would have said of each evaluated image (classified, uncertain, rejected and why),
/// and repeats the classification figures on the images it would have shown with probabilities.
/// </summary>
internal static class AssessmentCalculator
{
    /// <summary>Report keys of the statuses and their rates, in reading order.</summary>
    public const string Accepted = "accepted";
    public const string Classified = AssessmentStatusNames.Classified;
    public const string Uncertain = AssessmentStatusNames.Uncertain;
    public const string Rejected = AssessmentStatusNames.Rejected;

    /// <summary>The reason codes the library defines, always listed (with 0) so readers find stable keys.</summary>
    public static IReadOnlyList<string> KnownReasons => AssessmentReasons.All;

    public const string Definition =
        "Each evaluated image's assessment by SkinLesion.Inference, as the service would answer it: rejected (featureless-image, greyscale-image, " +
        "not-dermoscopic: no diagnosis shown), uncertain (low-confidence, borderline-malignancy: probabilities shown with a referral " +
        "message) or classified. Accepted = classified + uncertain. Rates are shares of the evaluated images; failed images are not assessed.";

    /// <summary>The subsets whose figures are repeated, with how an image gets in.</summary>
    public static readonly IReadOnlyList<(string Key, string Definition, Func<AssessmentStatus, bool> Includes)> SubsetDefinitions =
    [
        (Accepted, "images the service would show with probabilities: classified + uncertain (rejected ones left out)", s => s != AssessmentStatus.Rejected),
        (Classified, "images classified without reservation (uncertain and rejected ones left out)", s => s == AssessmentStatus.Classified),
        (Uncertain, "only the images reported as uncertain", s => s == AssessmentStatus.Uncertain),
    ];

    /// <param name="bootstrap">The run's bootstrap over <paramref name="images"/>, for the rates' intervals.</param>
    /// <param name="negative">True for a negative set: groups are its groups; otherwise the images' true labels.</param>
    public static AssessmentFigures Summarise(IReadOnlyList<ScoredImage> images, Bootstrap bootstrap, ScreeningInfo screening, bool negative)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(bootstrap);
        var statuses = images.Select(i => i.Assessment.Status).ToArray();
        var rates = new Dictionary<string, Estimate>
        {
            [Accepted] = Share(statuses, bootstrap, s => s != AssessmentStatus.Rejected),
            [Classified] = Share(statuses, bootstrap, s => s == AssessmentStatus.Classified),
            [Uncertain] = Share(statuses, bootstrap, s => s == AssessmentStatus.Uncertain),
            [Rejected] = Share(statuses, bootstrap, s => s == AssessmentStatus.Rejected),
        };

        var groups = images
            .GroupBy(i => LabelName(i.Label), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Group(g.Key, [.. g]))
            .ToList();

        return new AssessmentFigures(Definition, screening, images.Count, Counts(images), Reasons(images), rates, negative ? "group" : "label", groups);
    }

    /// <summary>
    /// The report's classification figures on each subset of <see cref="SubsetDefinitions"/>, each with its own bootstrap
    /// (same seed, lesions or images as for the whole set), so its intervals are conditional on which images were accepted.
    /// </summary>
    /// <param name="operatingPoint">The threshold the figures are at; null: the manifest's own.</param>
    public static Dictionary<string, SubsetFigures> Subsets(IReadOnlyList<ScoredImage> images, ModelManifest manifest, LabelFormat format, bool byLesion, int replicates, uint seed,
        OperatingPoint? operatingPoint = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(manifest);
        double threshold = (operatingPoint ?? OperatingPoint.Shipped(manifest)).Threshold;
        var subsets = new Dictionary<string, SubsetFigures>(StringComparer.Ordinal);
        foreach (var (key, definition, includes) in SubsetDefinitions)
        {
            var subset = images.Where(i => includes(i.Assessment.Status)).ToList();
            if (subset.Count == 0)
            {
                subsets[key] = new SubsetFigures(definition, 0, 0, [], new Dictionary<string, Estimate>(), null);
                continue;
            }

            var bootstrap = new Bootstrap(subset.Count, byLesion ? [.. subset.Select(s => s.Label.LesionId!)] : null, replicates, seed);
            var computed = new FigureCalculator(subset, manifest, threshold, bootstrap).Compute(format);
            subsets[key] = new SubsetFigures(definition, subset.Count, bootstrap.Units, computed.Headline, computed.Rates, computed.Figures?.ConfusionMatrix);
        }

        return subsets;
    }

    /// <summary>The screening in force: the artifact and thresholds the results carry, the operating point's uncertainty band.</summary>
    public static ScreeningInfo Screening(ModelManifest manifest, IReadOnlyList<ScoredImage> scored, OperatingPoint operatingPoint)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(operatingPoint);
        var first = scored.Count > 0 ? scored[0].Assessment.Screening : null;
        return new ScreeningInfo(
            manifest.OutOfDistribution is { } ood ? $"{ood.File} {ood.Version}" : null,
            first?.DistanceThreshold,
            first?.TextureMinimum,
            UncertaintyOf(operatingPoint),
            first?.EarlyThreshold,
            first?.HeadThreshold,
            first is { DistanceScore: not null, DistanceRefuses: false } ? false : null,
            first is { EarlyScore: not null, EarlyRefuses: false } ? false : null,
            first?.ChromaMinimum);
    }

    /// <summary>The band as reports write it; null when there is none.</summary>
    public static UncertaintyInfo? UncertaintyOf(OperatingPoint operatingPoint)
    {
        ArgumentNullException.ThrowIfNull(operatingPoint);
        return operatingPoint.Band is { } band ? new UncertaintyInfo(band.MinTopProbability, band.BorderlineFrom, band.BorderlineTo) : null;
    }

    /// <summary>A negative set has no diagnoses: its one figure is the share of images the service rejects.</summary>
    public static ComputedFigures NegativeSetFigures(AssessmentFigures assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var rejected = assessment.Rates[Rejected];
        const string definition = "share of the evaluated images the service rejects (featureless-image, greyscale-image or not-dermoscopic), so that no diagnosis is shown; every image of a negative set should be rejected";
        return new ComputedFigures(
            DatasetInfo.NegativeTask,
            [new HeadlineFigure("rejectedRate", "Rejected", rejected.Value, rejected.Ci95, definition)],
            new Dictionary<string, Estimate> { ["rejectedRate"] = rejected },
            null,
            [],
            [],
            ["A negative set: images that are not dermoscopic photographs of a skin lesion and carry no diagnosis, so no classification figures are defined. It measures screening only; an image that is not rejected would be shown with a diagnosis (see assessment.groups and predictions.csv)."]);
    }

    /// <summary>What an image is, in words that fit every label format: a negative set's group, the seven-class code, or malignant/benign.</summary>
    public static string LabelName(LabelledImage label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return label.Group ?? label.Dx ?? (label.Melanoma ? "malignant" : "benign");
    }

    public static StatusCounts Counts(IEnumerable<ScoredImage> images)
    {
        int classified = 0, uncertain = 0, rejected = 0;
        foreach (var image in images)
        {
            switch (image.Assessment.Status)
            {
                case AssessmentStatus.Classified:
                    classified++;
                    break;
                case AssessmentStatus.Uncertain:
                    uncertain++;
                    break;
                default:
                    rejected++;
                    break;
            }
        }

        return new StatusCounts(classified, uncertain, rejected, classified + uncertain);
    }

    /// <summary>Images per reason code: the known codes first (0 when unused), then any other code in order of name.</summary>
    public static Dictionary<string, int> Reasons(IEnumerable<ScoredImage> images)
    {
        var counts = KnownReasons.ToDictionary(r => r, _ => 0, StringComparer.Ordinal);
        var others = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var reason in images.SelectMany(i => i.Assessment.Reasons.Distinct(StringComparer.Ordinal)))
        {
            if (counts.TryGetValue(reason, out int known))
            {
                counts[reason] = known + 1;
            }
            else
            {
                others[reason] = others.GetValueOrDefault(reason) + 1;
            }
        }

        foreach (var (reason, count) in others)
        {
            counts[reason] = count;
        }

        return counts;
    }

    private static StatusGroup Group(string name, IReadOnlyList<ScoredImage> images)
    {
        var counts = Counts(images);
        double? Rate(int count) => images.Count > 0 ? RateEstimate.Round((double)count / images.Count) : null;
        return new StatusGroup(
            name,
            images.Count,
            counts,
            Reasons(images),
            new Dictionary<string, double?>
            {
                [Accepted] = Rate(counts.Accepted),
                [Classified] = Rate(counts.Classified),
                [Uncertain] = Rate(counts.Uncertain),
                [Rejected] = Rate(counts.Rejected),
            });
    }

    private static Estimate Share(AssessmentStatus[] statuses, Bootstrap bootstrap, Func<AssessmentStatus, bool> counts) =>
        RateEstimate.Of(bootstrap, statuses.Length, indices =>
        {
            int n = 0;
            foreach (int i in indices)
            {
                n += counts(statuses[i]) ? 1 : 0;
            }

            return indices.Length == 0 ? double.NaN : (double)n / indices.Length;
        });
}
