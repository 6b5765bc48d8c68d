using SkinLesion.Inference.Model;

namespace SkinLesion.Inference.Screening;

/// <summary>
/// Picks the reported class from calibrated probabilities, as the manifest prescribes:
/// plain argmax, or argmax of p(c) / prior(c)^exponent, which lifts rare classes the raw argmax
/// would almost never report. Ties go to the lower index, like numpy's argmax.
/// </summary>
internal sealed class DecisionRule
{
    internal const string ArgmaxType = "argmax";
    internal const string PriorAdjustedArgmaxType = "prior-adjusted-argmax";

    private readonly double[] _divisors;

    private DecisionRule(double[] divisors)
    {
        _divisors = divisors;
    }

    internal static DecisionRule FromManifest(ModelManifest manifest)
    {
        int count = manifest.Labels.Count;
        var rule = manifest.DecisionRule;
        return rule.Type switch
        {
            ArgmaxType => new DecisionRule(Enumerable.Repeat(1.0, count).ToArray()),
            PriorAdjustedArgmaxType => new DecisionRule(rule.Priors!.Select(prior => Math.Pow(prior, rule.Exponent!.Value)).ToArray()),
            _ => throw new InvalidOperationException($"Unknown decision rule '{rule.Type}'."),
        };
    }

    internal int SelectTop(ReadOnlySpan<float> probabilities)
    {
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int i = 0; i < probabilities.Length; i++)
        {
            double score = probabilities[i] / _divisors[i];
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }
}
