namespace SkinLesion.Web.Uploads;

/// <summary>An API upload as read: the image's bytes and the small text fields asked for that came with it in the form.</summary>
/// <param name="Image">The image bytes, in memory only.</param>
/// <param name="Fields">The asked-for text fields of a multipart body (empty for a raw image body), each value capped in length.</param>
/// <param name="OtherFields">The names of the multipart body's other parts, not read (empty for a raw image body).</param>
public sealed record ImageUpload(ReadOnlyMemory<byte> Image, IFormCollection Fields, IReadOnlyList<string> OtherFields);
