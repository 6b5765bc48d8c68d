namespace SkinLesion.Audit;

/// <summary>One purge, as the store logs it (table purges): when, the cutoff, how many records went, and who ran it.</summary>
public sealed record AuditPurge(long Id, DateTimeOffset PurgedUtc, DateTimeOffset CutoffUtc, long Deleted, string PurgedBy);
