using System.Globalization;
using SkinLesion.Inference;
using SkinLesion.Inference.Images;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Pages;

/// <summary>The upload as the result pages show it, embedded in the response only.</summary>
internal static class UploadedImage
{
    // Embedded in this response only; nothing is written anywhere. It is the display copy the classifier made in the
    // request's slot (the upload's pixels without the file's metadata, or a smaller upright copy of a large JPEG), which
    // a saved page keeps.
    public static string DataUri(ClassificationResult result, ReadOnlyMemory<byte> image)
    {
        var display = DisplayOf(result, image);
        return $"data:image/{ImageFormatNames.Of(display.Format)};base64,{Convert.ToBase64String(display.Bytes)}";
    }

    // The size as the page shows the image (a phone's rotated photo stands upright), like the lesion outline's frame;
    // a smaller copy says the size it is shown at.
    public static string Description(ClassificationResult result, ReadOnlyMemory<byte> image)
    {
        var display = DisplayOf(result, image);
        string shown = display.Downscaled ? $" (shown at {display.Width} x {display.Height})" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{Format(result).ToUpperInvariant()}, {result.Image.DisplayedWidth} x {result.Image.DisplayedHeight} pixels, {image.Length / 1024.0:0.#} KB{shown}");
    }

    // The page asks for the display copy with every classification; without one (a caller that did not) the upload's
    // pixels without their metadata.
    private static DisplayImage DisplayOf(ClassificationResult result, ReadOnlyMemory<byte> image) =>
        result.Display ?? DisplayImage.AsUploaded(image.Span, result.Image);

    public static string TimeTaken(ClassificationResult result) =>
        string.Create(CultureInfo.InvariantCulture, $"{result.Timings.TotalMs:0} ms");

    private static string Format(ClassificationResult result) => ImageFormatNames.Of(result.Image.Format);
}
