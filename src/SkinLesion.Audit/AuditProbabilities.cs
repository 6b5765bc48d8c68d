namespace SkinLesion.Audit;

/// <summary>
/// The seven class probabilities of an answer, one column each in the store (ADR 0015). The class set is the model
/// contract's; a model with other classes needs a schema migration, and the service refuses to start without one.
/// </summary>
public sealed record AuditProbabilities(float Akiec, float Bcc, float Bkl, float Df, float Mel, float Nv, float Vasc)
{
    /// <summary>The class codes, in column order.</summary>
    public static IReadOnlyList<string> Codes { get; } = ["akiec", "bcc", "bkl", "df", "mel", "nv", "vasc"];

    /// <summary>From (code, probability) pairs; every code of <see cref="Codes"/> exactly once, no other.</summary>
    public static AuditProbabilities From(IEnumerable<KeyValuePair<string, float>> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var byCode = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var (code, probability) in probabilities)
        {
            if (!Codes.Contains(code) || !byCode.TryAdd(code, probability))
            {
                throw new ArgumentException($"Class '{code}' is not one of {string.Join(", ", Codes)}, or is given twice.", nameof(probabilities));
            }
        }

        if (byCode.Count != Codes.Count)
        {
            throw new ArgumentException($"Every class needs a probability: {string.Join(", ", Codes.Except(byCode.Keys))} missing.", nameof(probabilities));
        }

        return FromValues([.. Codes.Select(code => byCode[code])]);
    }

    /// <summary>The probabilities in <see cref="Codes"/> order.</summary>
    public IReadOnlyList<float> Values => [Akiec, Bcc, Bkl, Df, Mel, Nv, Vasc];

    public IReadOnlyDictionary<string, float> ToDictionary() =>
        Codes.Zip(Values).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);

    internal static AuditProbabilities FromValues(IReadOnlyList<float> values) =>
        new(values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
}
