namespace SkinLesion.Audit;

/// <summary>
/// What an answer was: the assessment's status for an image that was assessed (the names the API writes), or
/// <see cref="Refused"/> for an upload refused with a problem (4xx) before or instead of an assessment.
/// </summary>
public static class AuditStatuses
{
    public const string Classified = "classified";
    public const string Uncertain = "uncertain";
    public const string Rejected = "rejected";
    public const string Refused = "refused";

    public static IReadOnlyList<string> All { get; } = [Classified, Uncertain, Rejected, Refused];
}
