namespace SkinLesion.Web.Api;

/// <summary>
/// The upload as the audit trail describes it: the SHA-256 of its bytes (lower-case hex), its format and header size,
/// and its length; null where the upload did not get that far (nothing read, or not a PNG or JPEG). Never the bytes.
/// </summary>
public sealed record RecordedImageInfo(string? Sha256, string? Format, int? Width, int? Height, long Bytes);
