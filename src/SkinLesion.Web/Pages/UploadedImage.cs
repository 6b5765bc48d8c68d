using System.Globalization;
using SkinLesion.Inference;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Pages;

/// <summary>The upload as the result pages show it, embedded in the response only.</summary>
internal static class UploadedImage
{
    // The preview is the uploaded bytes embedded in this response only; nothing is written anywhere.
    public static string DataUri(ClassificationResult result, ReadOnlyMemory<byte> image) =>
        $"data:image/{Format(result)};base64,{Convert.ToBase64String(image.Span)}";

    // The size as the page shows the image (a phone's rotated photo stands upright), like the lesion outline's frame.
    public static string Description(ClassificationResult result, ReadOnlyMemory<byte> image) =>
        string.Create(CultureInfo.InvariantCulture, $"{Format(result).ToUpperInvariant()}, {result.Image.DisplayedWidth} x {result.Image.DisplayedHeight} pixels, {image.Length / 1024.0:0.#} KB");

    public static string TimeTaken(ClassificationResult result) =>
        string.Create(CultureInfo.InvariantCulture, $"{result.Timings.TotalMs:0} ms");

    private static string Format(ClassificationResult result) => ImageFormatNames.Of(result.Image.Format);
}
