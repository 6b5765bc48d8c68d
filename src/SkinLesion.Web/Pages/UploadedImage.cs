using System.Globalization;
using SkinLesion.Inference;
using SkinLesion.Inference.Images;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Pages;

/// <summary>The upload as the result pages show it, embedded in the response only.</summary>
internal static class UploadedImage
{
    // The preview is embedded in this response only; nothing is written anywhere. It is the upload's pixels without the
    // file's metadata (names, descriptions, GPS), which a saved page would otherwise keep.
    public static string DataUri(ClassificationResult result, ReadOnlyMemory<byte> image) =>
        $"data:image/{Format(result)};base64,{Convert.ToBase64String(DisplayCopy.WithoutMetadata(image.Span, result.Image))}";

    // The size as the page shows the image (a phone's rotated photo stands upright), like the lesion outline's frame.
    public static string Description(ClassificationResult result, ReadOnlyMemory<byte> image) =>
        string.Create(CultureInfo.InvariantCulture, $"{Format(result).ToUpperInvariant()}, {result.Image.DisplayedWidth} x {result.Image.DisplayedHeight} pixels, {image.Length / 1024.0:0.#} KB");

    public static string TimeTaken(ClassificationResult result) =>
        string.Create(CultureInfo.InvariantCulture, $"{result.Timings.TotalMs:0} ms");

    private static string Format(ClassificationResult result) => ImageFormatNames.Of(result.Image.Format);
}
