namespace SkinLesion.Web.Api;

/// <summary>What the service accepts, so clients can check an image before uploading it.</summary>
public sealed record ServingLimits(IReadOnlyList<string> AcceptedFormats, long MaxUploadBytes, long MaxPixels, int MinSide, string JpegDecoder);
