namespace SkinLesion.Inference.Model;

/// <summary>One output class, all fields required.</summary>
public sealed record ManifestLabel(int Index, string Code, string Name, bool Malignant);
