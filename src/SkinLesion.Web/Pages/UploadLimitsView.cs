using System.Globalization;
using SkinLesion.Inference;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Pages;

/// <summary>The limits written on the upload page, from the same options the server enforces.</summary>
public sealed record UploadLimitsView(long MaxBytes, string MaxSizeText, string MaxPixelsText, int MinSide)
{
    public static UploadLimitsView From(UploadOptions upload, ImageOptions images)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(images);
        return new UploadLimitsView(
            upload.MaxBytes,
            string.Create(CultureInfo.InvariantCulture, $"{upload.MaxBytes / (1024.0 * 1024.0):0.#} MB"),
            string.Create(CultureInfo.InvariantCulture, $"{images.MaxPixels / 1_000_000.0:0.#} megapixels"),
            images.MinSide);
    }
}
