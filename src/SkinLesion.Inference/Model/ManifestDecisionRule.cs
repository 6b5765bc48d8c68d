namespace SkinLesion.Inference.Model;

/// <summary>The manifest's decision rule; only <see cref="Type"/> is required.</summary>
public sealed record ManifestDecisionRule(
    string Type, double? Exponent = null, IReadOnlyList<double>? Priors = null, string? Description = null);
