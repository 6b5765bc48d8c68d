using System.Text.Json;

namespace SkinLesion.Inference.Model;

/// <summary>
/// An accepted image is "uncertain" when the reported class's calibrated probability is below
/// <see cref="MinTopProbability"/>, or when the malignant probability lies in [<see cref="BorderlineFrom"/>, <see cref="BorderlineTo"/>).
/// </summary>
public sealed record ManifestUncertainty
{
    public required double MinTopProbability { get; init; }
    public required double BorderlineFrom { get; init; }
    public required double BorderlineTo { get; init; }
    public string? ChosenOn { get; init; }
    public string? Description { get; init; }
    public JsonElement? Validation { get; init; }
}
