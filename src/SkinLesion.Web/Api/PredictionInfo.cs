namespace SkinLesion.Web.Api;

/// <summary>The class chosen by the manifest's decision rule, with its calibrated probability.</summary>
public sealed record PredictionInfo(string Code, string Name, float Probability);
