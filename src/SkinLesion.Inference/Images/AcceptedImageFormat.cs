namespace SkinLesion.Inference.Images;

/// <summary>The two formats the service decodes.</summary>
public enum AcceptedImageFormat
{
    Png,
    Jpeg,
}
