namespace SkinLesion.Audit;

/// <summary>
/// The upload as the audit trail describes it: the SHA-256 of its bytes (lower-case hex) and what its header said.
/// Never the bytes, the file name or any metadata. Fields are null where the upload did not get that far (no bytes
/// read, or a format that is not PNG or JPEG).
/// </summary>
public sealed record AuditImage(string? Sha256, string? Format, int? Width, int? Height, long Bytes);
