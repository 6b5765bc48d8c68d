namespace SkinLesion.Inference.Model;

/// <summary>The clinical fields a model accepts; a field left out here is refused when a request sends it.</summary>
/// <param name="Age">Age: whole years within a range.</param>
/// <param name="Sex">Sex: one of these values (lower case, matched without regard to case).</param>
/// <param name="Site">Body site: one of these values; HAM10000's <c>localization</c> values map onto them (spaces become hyphens, "unknown" is not given).</param>
public sealed record ManifestClinicalFields(
    ManifestAgeField? Age = null,
    IReadOnlyList<string>? Sex = null,
    IReadOnlyList<string>? Site = null);
