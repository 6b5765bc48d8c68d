namespace SkinLesion.Inference.Model;

public sealed record ManifestCalibration
{
    public required string Method { get; init; }
    public double? Temperature { get; init; }
    public string? FittedOn { get; init; }
    public int? Bins { get; init; }
    public double? EceBefore { get; init; }
    public double? EceAfter { get; init; }
}
