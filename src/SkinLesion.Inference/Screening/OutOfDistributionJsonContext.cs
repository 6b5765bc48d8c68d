using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkinLesion.Inference.Screening;

/// <summary>Source-generated JSON metadata for the artifact.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(OutOfDistributionArtifact))]
internal sealed partial class OutOfDistributionJsonContext : JsonSerializerContext;
