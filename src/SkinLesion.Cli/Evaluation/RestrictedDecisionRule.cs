using SkinLesion.Inference;

namespace SkinLesion.Cli.Evaluation;

/// <summary>
/// training/skinlesion/evaluation.py isic2017_report: the shipped decision rule restricted to the classes a set
/// contains, so a set without akiec, bcc, df or vasc is not scored on classes it cannot have.
/// </summary>
internal sealed class RestrictedDecisionRule
{
    private readonly int[] _columns;
    private readonly double[] _divisors;

    /// <param name="classCount">How many classes the model has.</param>
    /// <param name="columns">The model's index of each class the rule may name, in the order its answers count them.</param>
    public RestrictedDecisionRule(ManifestDecisionRule rule, int classCount, int[] columns)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _columns = columns;
        _divisors = rule.Type == "prior-adjusted-argmax" && rule.Priors is { } priors && rule.Exponent is { } exponent
            ? [.. priors.Select(p => Math.Pow(p, exponent))]
            : [.. Enumerable.Repeat(1.0, classCount)];
    }

    /// <summary>The position in the columns of the class the rule names.</summary>
    public int Decide(float[] probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        int best = 0;
        for (int j = 1; j < _columns.Length; j++)
        {
            if (probabilities[_columns[j]] / _divisors[_columns[j]] > probabilities[_columns[best]] / _divisors[_columns[best]])
            {
                best = j;
            }
        }

        return best;
    }
}
