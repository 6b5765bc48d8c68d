namespace SkinLesion.Inference.Evaluation;

/// <summary>report.json "operatingPoint": the threshold and band the figures were computed at, and where they came from.</summary>
/// <param name="Kind">"shipped" (the manifest's) or "site" (a site profile's).</param>
/// <param name="Name">The model's name when shipped; the site's name for a site profile.</param>
/// <param name="Version">The model's version when shipped; the profile's version for a site profile.</param>
/// <param name="Threshold">Malignant when the summed malignant probability is at least this.</param>
/// <param name="Uncertainty">The uncertainty band in force; null when there is none.</param>
/// <param name="Profile">The site profile's file, as given on the command line; null when shipped.</param>
public sealed record OperatingPointInfo(string Kind, string Name, string Version, double Threshold, UncertaintyInfo? Uncertainty, string? Profile);
