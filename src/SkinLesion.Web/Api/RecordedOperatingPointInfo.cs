namespace SkinLesion.Web.Api;

/// <summary>The operating point an audited answer was given at ("shipped" or "site", its name and version); its threshold is the verdict's.</summary>
public sealed record RecordedOperatingPointInfo(string Kind, string Name, string Version);
