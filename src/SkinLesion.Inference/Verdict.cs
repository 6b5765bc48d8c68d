namespace SkinLesion.Inference;

/// <summary>The benign/malignant call: malignant when the summed malignant probability reaches the operating point's threshold.</summary>
public sealed record Verdict(bool IsMalignant, double MalignantProbability, double Threshold)
{
    public string Label => IsMalignant ? "malignant" : "benign";
}
