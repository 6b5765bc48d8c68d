namespace SkinLesion.Audit;

/// <summary>The benign/malignant call as answered: the label, the summed malignant probability and the threshold.</summary>
public sealed record AuditVerdict(string Label, double MalignantProbability, double Threshold);
