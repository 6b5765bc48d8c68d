namespace SkinLesion.Audit;

/// <summary>Where an assessment request came in.</summary>
public static class AuditChannels
{
    /// <summary>POST /api/v1/classifications.</summary>
    public const string Api = "api";

    /// <summary>The clinician's page.</summary>
    public const string Page = "page";

    public static IReadOnlyList<string> All { get; } = [Api, Page];
}
