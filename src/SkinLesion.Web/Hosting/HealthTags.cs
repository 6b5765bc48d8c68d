namespace SkinLesion.Web.Hosting;

public static class HealthTags
{
    /// <summary>Checks that say whether the process should be restarted (nothing external).</summary>
    public const string Live = "live";

    /// <summary>Checks that say whether the instance can take traffic (model loaded and warm).</summary>
    public const string Ready = "ready";
}
