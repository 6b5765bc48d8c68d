using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkinLesion.Inference.Site;

/// <summary>
/// Source-generated JSON metadata for site profiles. The small sections are positional records: a constructor parameter
/// is required as a <c>required</c> property is, so a profile missing a figure is refused rather than read as zero; and
/// a null where the type says there is always a value is refused too, rather than failing later with a null reference.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    WriteIndented = true,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(SiteProfile))]
internal sealed partial class SiteProfileJsonContext : JsonSerializerContext
{
    /// <summary>The options profiles are written and read with.</summary>
    internal static SiteProfileJsonContext Profile { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,

        // The rule and the definitions contain ≥ and +; keep them readable in the file a hospital reviews.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
