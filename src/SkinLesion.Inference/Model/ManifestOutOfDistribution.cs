namespace SkinLesion.Inference.Model;

/// <summary>The manifest's reference to the out-of-distribution artifact; <see cref="Description"/> is optional.</summary>
/// <param name="File">The artifact's file name, resolved next to the manifest.</param>
/// <param name="Sha256">The artifact's sha256.</param>
/// <param name="Version">The artifact's version.</param>
/// <param name="Description">What the artifact is.</param>
public sealed record ManifestOutOfDistribution(string File, string Sha256, string Version, string? Description = null);
