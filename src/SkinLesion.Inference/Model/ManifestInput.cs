using System.Text.Json;

namespace SkinLesion.Inference.Model;

public sealed record ManifestInput
{
    public required string Name { get; init; }
    public required string Dtype { get; init; }
    public required string Layout { get; init; }
    public required int Height { get; init; }
    public required int Width { get; init; }
    public required int Channels { get; init; }
    public required string ColorOrder { get; init; }
    public string? Normalization { get; init; }
    public JsonElement? Geometry { get; init; }
}
