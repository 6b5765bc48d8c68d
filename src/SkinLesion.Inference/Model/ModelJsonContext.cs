using System.Text.Json;
using System.Text.Json.Serialization;
using SkinLesion.Inference.Screening;

namespace SkinLesion.Inference.Model;

/// <summary>
/// Source-generated (trimming- and reflection-free) JSON metadata for the files that ship with the model:
/// the manifest and the out-of-distribution artifact, read with the same options. The small sections are positional
/// records: a constructor parameter without a default is required (as a <c>required</c> property is), one with
/// <c>= null</c> is optional.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ModelManifest))]
[JsonSerializable(typeof(OutOfDistributionArtifact))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
