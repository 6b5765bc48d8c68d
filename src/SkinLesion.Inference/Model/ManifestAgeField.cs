namespace SkinLesion.Inference.Model;

/// <summary>The age field: whole <see cref="Unit"/> ("years") from <see cref="Minimum"/> to <see cref="Maximum"/>, both included.</summary>
public sealed record ManifestAgeField(string Unit, int Minimum, int Maximum);
