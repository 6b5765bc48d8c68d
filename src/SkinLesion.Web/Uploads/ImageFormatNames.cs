using SkinLesion.Inference;

namespace SkinLesion.Web.Uploads;

/// <summary>What the service calls each accepted format, in API responses and in the pages' data URIs alike.</summary>
public static class ImageFormatNames
{
    /// <summary>The format's name in responses and data URIs: "png" or "jpeg".</summary>
    public static string Of(AcceptedImageFormat format) => format == AcceptedImageFormat.Png ? "png" : "jpeg";
}
