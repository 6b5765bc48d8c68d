namespace SkinLesion.Web.Api;

/// <summary>Label is "malignant" when malignantProbability (sum over malignant classes) is at least threshold.</summary>
public sealed record VerdictInfo(string Label, double MalignantProbability, double Threshold);
