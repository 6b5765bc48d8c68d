using System.Text.Json;
using System.Text.Json.Serialization;
using SkinLesion.Inference.Screening;

namespace SkinLesion.Inference.Model;

/// <summary>
/// Source-generated (trimming- and reflection-free) JSON metadata for the files that ship with the model:
/// the manifest and the out-of-distribution artifact, read with the same options.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(ModelManifest))]
[JsonSerializable(typeof(OutOfDistributionArtifact))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
