namespace SkinLesion.Inference.Model;

public sealed record ManifestLabel
{
    public required int Index { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required bool Malignant { get; init; }
}
