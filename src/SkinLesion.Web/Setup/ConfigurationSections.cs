namespace SkinLesion.Web.Setup;

/// <summary>
/// The service's settings root, checked at start by <see cref="ConfigurationSectionsValidator"/>: it carries nothing, it
/// gives the check an options type to run under ValidateOnStart.
/// </summary>
internal sealed class ConfigurationSections
{
    /// <summary>The root every setting of the service sits under.</summary>
    public const string Root = "SkinLesion";
}
