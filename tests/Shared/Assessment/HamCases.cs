using System.Text.Json;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Tests.Assessment;

/// <summary>
/// HAM10000 validation images whose assessment under the shipped model is known without running it: chosen from
/// models/reference-predictions.json (written with every model) by the manifest's own rule (its decision rule, threshold
/// and uncertainty band), each as far from the rule's boundaries as the reference images allow. A retrained model thus
/// needs no test edits. Shared with the browser tests.
/// </summary>
internal static class HamCases
{
    /// <summary>Smallest distance from a boundary of the rule a chosen case must keep, so that no rounding decides it.</summary>
    private const double Margin = 0.02;

    private static readonly Lazy<Reference> Cases = new(Reference.Read);

    /// <summary>A nevus the model reports as nv, confidently and far below the threshold: classified, benign.</summary>
    public static ReferenceCase Nevus => Cases.Value.Choose(
        "a nevus reported as nv, confident and benign",
        c => c.Diagnosis == "nv" && c.Reported == "nv" && c.Malignant < c.Rule.Threshold,
        c => Math.Min(c.TopProbability - c.Rule.MinTopProbability, c.Rule.Threshold - c.Malignant));

    /// <summary>An image reported below the minimum class probability and malignant inside the borderline band: uncertain for both reasons.</summary>
    public static ReferenceCase Uncertain => Cases.Value.Choose(
        "an image uncertain for both reasons",
        c => c.TopProbability < c.Rule.MinTopProbability && c.Malignant >= c.Rule.Threshold && c.Malignant < c.Rule.BorderlineTo,
        c => Math.Min(c.Rule.MinTopProbability - c.TopProbability, Math.Min(c.Malignant - c.Rule.Threshold, c.Rule.BorderlineTo - c.Malignant)));

    /// <summary>An image the model reports as melanoma, confidently and malignant above the band: classified, malignant (whatever its histology).</summary>
    public static ReferenceCase Melanoma => Cases.Value.Choose(
        "an image reported as mel, confident and malignant above the band",
        c => c.Reported == "mel" && c.Malignant >= c.Rule.BorderlineTo,
        c => Math.Min(c.TopProbability - c.Rule.MinTopProbability, c.Malignant - c.Rule.BorderlineTo));

    /// <summary>
    /// An image whose reported class (the prior-adjusted rule) is not its most probable one, so the page's top class is
    /// not its longest bar; null when the manifest's rule is plain argmax, under which there is none.
    /// </summary>
    public static ReferenceCase? RareClassOverLongestBar => Cases.Value.IsPriorAdjusted
        ? Cases.Value.Choose(
            "an image whose reported class is not its most probable one",
            c => c.ReportedIndex != c.MostProbableIndex,
            c => Math.Min(c.Probabilities[c.MostProbableIndex] - c.TopProbability, Math.Log(c.Score(c.ReportedIndex) / c.Score(c.MostProbableIndex))))
        : null;

    public static string NevusId => Nevus.ImageId;

    public static string UncertainId => Uncertain.ImageId;

    /// <summary>The reasons <see cref="Uncertain"/> is reported with, in the service's order.</summary>
    public static readonly string[] UncertainReasons = ["low-confidence", "borderline-malignancy"];

    /// <summary>The manifest's rule, as the service applies it at the shipped operating point.</summary>
    internal sealed record Rule(string[] Codes, bool[] IsMalignant, double[]? Priors, double Exponent, double Threshold, double MinTopProbability, double BorderlineTo);

    /// <summary>One reference image under the rule: the reported (prior-adjusted) class, its probability and the malignant mass.</summary>
    internal sealed record ReferenceCase(string ImageId, string Diagnosis, float[] Probabilities, Rule Rule)
    {
        public int ReportedIndex => Enumerable.Range(0, Probabilities.Length).MaxBy(Score);

        public int MostProbableIndex => Enumerable.Range(0, Probabilities.Length).MaxBy(i => Probabilities[i]);

        public string Reported => Rule.Codes[ReportedIndex];

        public double TopProbability => Probabilities[ReportedIndex];

        public double Malignant => Probabilities.Where((_, i) => Rule.IsMalignant[i]).Sum(p => (double)p);

        /// <summary>What the rule compares: the probability, divided by the class's prior to the rule's exponent when it has priors.</summary>
        public double Score(int index) => Rule.Priors is null ? Probabilities[index] : Probabilities[index] / Math.Pow(Rule.Priors[index], Rule.Exponent);
    }

    private sealed class Reference(IReadOnlyList<ReferenceCase> cases)
    {
        public bool IsPriorAdjusted => cases.Count > 0 && cases[0].Rule.Priors is not null;

        public static Reference Read()
        {
            var manifest = ShippedModel.Manifest;
            var labels = manifest.GetProperty("labels").EnumerateArray().ToList();
            var decision = manifest.GetProperty("decisionRule");
            bool adjusted = decision.GetProperty("type").GetString() == "prior-adjusted-argmax";
            var uncertainty = manifest.GetProperty("uncertainty");
            var rule = new Rule(
                [.. labels.Select(label => label.GetProperty("code").GetString()!)],
                [.. labels.Select(label => label.GetProperty("malignant").GetBoolean())],
                adjusted ? [.. decision.GetProperty("priors").EnumerateArray().Select(prior => prior.GetDouble())] : null,
                adjusted ? decision.GetProperty("exponent").GetDouble() : 0,
                manifest.GetProperty("malignantThreshold").GetProperty("value").GetDouble(),
                uncertainty.GetProperty("minTopProbability").GetDouble(),
                uncertainty.GetProperty("borderlineTo").GetDouble());

            using var reference = JsonDocument.Parse(File.ReadAllText(RepoLayout.ReferencePredictionsPath));
            var root = reference.RootElement;
            Assert.Equal(ShippedModel.Sha256, root.GetProperty("sha256").GetString());
            return new Reference([.. root.GetProperty("images").EnumerateArray().Select(image => new ReferenceCase(
                image.GetProperty("imageId").GetString()!,
                image.GetProperty("dx").GetString()!,
                [.. image.GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle())],
                rule))]);
        }

        /// <summary>The case of <paramref name="kind"/> farthest from the rule's boundaries; fails when none keeps the margin.</summary>
        public ReferenceCase Choose(string kind, Func<ReferenceCase, bool> isKind, Func<ReferenceCase, double> margin)
        {
            var best = cases.Where(isKind).MaxBy(margin);
            Assert.True(best is not null && margin(best) >= Margin, $"No reference image is {kind} with a margin of {Margin} (models/reference-predictions.json).");
            return best!;
        }
    }
}
