using System.ComponentModel.DataAnnotations;

namespace SkinLesion.Web.Uploads;

/// <summary>Request size limits (configuration section SkinLesion:Upload).</summary>
public sealed class UploadOptions
{
    public const string SectionName = "SkinLesion:Upload";

    /// <summary>
    /// Largest accepted image in bytes (default 10 MB). Kept below Kestrel's 30 MB default so the
    /// service's own, explicit limit is the one clients meet.
    /// </summary>
    [Range(1024, 100L * 1024 * 1024)]
    public long MaxBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>Room for multipart boundaries and part headers on top of <see cref="MaxBytes"/>.</summary>
    internal const long MultipartOverheadBytes = 64 * 1024;

    internal long MaxRequestBodyBytes => MaxBytes + MultipartOverheadBytes;
}
