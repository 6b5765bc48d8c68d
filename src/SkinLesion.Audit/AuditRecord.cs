namespace SkinLesion.Audit;

/// <summary>
/// One answer to one assessment request as the audit trail keeps it: when, which request, who asked and through which
/// channel, a fingerprint and the shape of the upload (never its bytes, file name or metadata), the model that answered
/// and what was answered. A refusal has a problem type and no diagnosis; a rejected image has neither diagnosis nor
/// probabilities, because none was given. Immutable: the store only ever appends it.
/// </summary>
public sealed record AuditRecord
{
    /// <summary>When the answer was recorded, UTC, to the microsecond (the precision both stores keep).</summary>
    public required DateTimeOffset RecordedUtc { get; init; }

    /// <summary>The request id the client was given in the answer; the key the record is fetched by.</summary>
    public required string RequestId { get; init; }

    /// <summary>The client's name (API key name, token subject, page user), or "anonymous".</summary>
    public required string Client { get; init; }

    /// <summary>How the client authenticated ("ApiKey", "Bearer", "OpenIdConnect"), or "anonymous".</summary>
    public required string ClientKind { get; init; }

    /// <summary>One of <see cref="AuditChannels"/>.</summary>
    public required string Channel { get; init; }

    /// <summary>One of <see cref="AuditStatuses"/>.</summary>
    public required string Status { get; init; }

    /// <summary>The HTTP status of the answer: 200 for an assessed image, the refusal's 4xx otherwise.</summary>
    public required int HttpStatus { get; init; }

    /// <summary>The refusal's problem type URI; null for an assessed image.</summary>
    public string? ProblemType { get; init; }

    /// <summary>The assessment's reason codes, most decisive first (the rejection's, or the uncertain result's); empty otherwise.</summary>
    public IReadOnlyList<string> ReasonCodes { get; init; } = [];

    public required AuditImage Image { get; init; }

    /// <summary>The served model (also on refusals: it says which deployment answered).</summary>
    public required AuditModel Model { get; init; }

    /// <summary>The version of the screening (out-of-distribution) artifact the model ships; null when it ships none.</summary>
    public string? ScreeningArtifactVersion { get; init; }

    /// <summary>The reported class; only for a classified or uncertain image.</summary>
    public string? TopClass { get; init; }

    /// <summary>The seven probabilities; only for a classified or uncertain image.</summary>
    public AuditProbabilities? Probabilities { get; init; }

    /// <summary>The benign/malignant call; only for a classified or uncertain image.</summary>
    public AuditVerdict? Verdict { get; init; }

    /// <summary>Server-side durations; only for an assessed image.</summary>
    public AuditTimings? Timings { get; init; }

    /// <summary>
    /// The operating point in force (also on refusals, as the model is); null only in records written before the schema
    /// recorded it (migration 3), which all used the shipped one.
    /// </summary>
    public AuditOperatingPoint? OperatingPoint { get; init; }

    /// <summary>A time cut to the microsecond, so a record reads back from either store exactly as it was appended.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % (TimeSpan.TicksPerMillisecond / 1000)), TimeSpan.Zero);
}
