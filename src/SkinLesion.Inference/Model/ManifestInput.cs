using System.Text.Json;

namespace SkinLesion.Inference.Model;

/// <summary>The model's single image input; <see cref="Normalization"/> and <see cref="Geometry"/> are optional.</summary>
public sealed record ManifestInput(
    string Name, string Dtype, string Layout, int Height, int Width, int Channels, string ColorOrder,
    string? Normalization = null, JsonElement? Geometry = null);
