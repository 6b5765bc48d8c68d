namespace SkinLesion.Inference.Model;

public sealed record ManifestThreshold
{
    public required double Value { get; init; }
    public double? TargetSensitivity { get; init; }
    public double? ValidationSensitivity { get; init; }
    public double? ValidationSpecificity { get; init; }
}
