using SkinLesion.Inference;

namespace SkinLesion.Web.Api;

/// <summary>Label is "malignant" when malignantProbability (sum over malignant classes) is at least threshold.</summary>
public sealed record VerdictInfo(string Label, double MalignantProbability, double Threshold)
{
    /// <summary>As answered: the malignant probability to six decimals (the audit trail records the same figure).</summary>
    public static VerdictInfo From(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new VerdictInfo(verdict.Label, Math.Round(verdict.MalignantProbability, 6), verdict.Threshold);
    }
}
