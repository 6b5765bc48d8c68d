namespace SkinLesion.Inference.Model;

/// <summary>One image's class activation maps: [classes, height, width], row-major.</summary>
internal sealed record CamOutput(float[] Values, int Classes, int Height, int Width)
{
    internal ReadOnlySpan<float> Channel(int classIndex) => Values.AsSpan(classIndex * Height * Width, Height * Width);
}
