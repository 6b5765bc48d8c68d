using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkinLesion.Inference.Model;

/// <summary>Source-generated (trimming- and reflection-free) JSON metadata for the manifest.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
