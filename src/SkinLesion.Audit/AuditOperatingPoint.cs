namespace SkinLesion.Audit;

/// <summary>
/// The operating point that answered: kind "shipped" (the model's own threshold and band) or "site" (a site profile's),
/// its name and version. The threshold itself is the verdict's.
/// </summary>
public sealed record AuditOperatingPoint(string Kind, string Name, string Version);
