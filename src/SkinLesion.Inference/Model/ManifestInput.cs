using System.Text.Json;

namespace SkinLesion.Inference.Model;

/// <summary>
/// The model's single image input; <see cref="Normalization"/>, <see cref="Geometry"/> and <see cref="NetworkSize"/>
/// (the side of the square the graph resizes the input to, which places the cam grid) are optional.
/// </summary>
public sealed record ManifestInput(
    string Name, string Dtype, string Layout, int Height, int Width, int Channels, string ColorOrder,
    string? Normalization = null, JsonElement? Geometry = null, int? NetworkSize = null);
