using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkinLesion.Inference.Evaluation;

/// <summary>
/// Source-generated JSON metadata for report.json. Property names are camelCase; numbers must be JSON numbers
/// (a figure written as a string is an error, not a figure).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(EvaluationReport))]
internal sealed partial class EvaluationReportJsonContext : JsonSerializerContext
{
    /// <summary>The options report.json is written and read with.</summary>
    internal static EvaluationReportJsonContext Report { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,

        // Definitions contain ≥ and +; keep them readable in the committed file.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
