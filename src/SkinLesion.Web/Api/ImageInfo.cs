namespace SkinLesion.Web.Api;

/// <summary>The upload as decoded (before the geometry rule): format by magic bytes, header dimensions, size.</summary>
public sealed record ImageInfo(string Format, int Width, int Height, long Bytes);
