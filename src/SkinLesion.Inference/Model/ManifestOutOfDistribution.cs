namespace SkinLesion.Inference.Model;

public sealed record ManifestOutOfDistribution
{
    /// <summary>The artifact's file name, resolved next to the manifest.</summary>
    public required string File { get; init; }
    public required string Sha256 { get; init; }
    public required string Version { get; init; }
    public string? Description { get; init; }
}
