namespace SkinLesion.Inference.Site;

/// <summary>Which site profile the service applies (configuration section SkinLesion:Site); none: the shipped operating point.</summary>
public sealed class SiteOptions
{
    public const string SectionName = "SkinLesion:Site";

    /// <summary>
    /// The profile written by <c>calibrate</c>, relative to the content root unless rooted; unset or empty keeps the
    /// manifest's own threshold and band. The profile is read and checked against the loaded model at startup.
    /// </summary>
    public string? ProfilePath { get; set; }

    /// <summary>The profile's absolute path, or null when none is configured.</summary>
    public string? ResolveProfilePath(string contentRoot) =>
        string.IsNullOrWhiteSpace(ProfilePath) ? null : Path.GetFullPath(Path.Combine(contentRoot, ProfilePath));
}
