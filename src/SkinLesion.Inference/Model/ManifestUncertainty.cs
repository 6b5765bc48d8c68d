using System.Text.Json;

namespace SkinLesion.Inference.Model;

/// <summary>
/// An accepted image is "uncertain" when the reported class's calibrated probability is below
/// <see cref="MinTopProbability"/>, or when the malignant probability lies in [<see cref="BorderlineFrom"/>, <see cref="BorderlineTo"/>).
/// </summary>
public sealed record ManifestUncertainty(
    double MinTopProbability, double BorderlineFrom, double BorderlineTo,
    string? ChosenOn = null, string? Description = null, JsonElement? Validation = null);
