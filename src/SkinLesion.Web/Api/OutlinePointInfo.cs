namespace SkinLesion.Web.Api;

/// <summary>A vertex of the lesion outline in the upload's pixels after EXIF orientation: x to the right, y down, from the top-left corner; to 0.1 pixel.</summary>
public sealed record OutlinePointInfo(double X, double Y);
