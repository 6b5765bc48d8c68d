namespace SkinLesion.Inference.Model;

public sealed record ManifestDecisionRule
{
    public required string Type { get; init; }
    public double? Exponent { get; init; }
    public IReadOnlyList<double>? Priors { get; init; }
    public string? Description { get; init; }
}
