using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkinLesion.Inference.Screening;

namespace SkinLesion.Inference.Model;

/// <summary>
/// Reads the manifest and checks it against itself and against the ONNX session's real metadata.
/// Every failure names the file and the exact mismatch so a broken deployment is diagnosed from the log line.
/// </summary>
internal static class ManifestValidator
{
    internal const int SupportedSchemaVersion = 1;

    internal static ModelManifest Read(string manifestPath)
    {
        if (!File.Exists(manifestPath))
        {
            throw new ModelLoadException(
                manifestPath,
                $"the manifest file does not exist. Set {ModelOptions.SectionName}:Path (environment variable SkinLesion__Model__Path) to the model's .json manifest.");
        }

        ModelManifest? manifest;
        try
        {
            using var stream = File.OpenRead(manifestPath);
            manifest = JsonSerializer.Deserialize(stream, ManifestJsonContext.Default.ModelManifest);
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException(manifestPath, $"the manifest is not valid JSON of schema version {SupportedSchemaVersion}: {ex.Message}", ex);
        }

        if (manifest is null)
        {
            throw new ModelLoadException(manifestPath, "the manifest is empty (JSON null).");
        }

        var problem = FindProblem(manifest);
        if (problem is not null)
        {
            throw new ModelLoadException(manifestPath, problem);
        }

        return manifest;
    }

    /// <summary>Internal consistency of the manifest; returns a description of the first problem, or null.</summary>
    internal static string? FindProblem(ModelManifest manifest)
    {
        if (manifest.SchemaVersion != SupportedSchemaVersion)
        {
            return $"schemaVersion is {manifest.SchemaVersion}; this service understands schemaVersion {SupportedSchemaVersion}.";
        }

        if (manifest.Sha256.Length != 64 || !manifest.Sha256.All(Uri.IsHexDigit))
        {
            return $"sha256 '{manifest.Sha256}' is not 64 hexadecimal characters.";
        }

        var input = manifest.Input;
        if (!string.Equals(input.Dtype, "uint8", StringComparison.Ordinal))
        {
            return $"input.dtype is '{input.Dtype}'; the server feeds uint8 pixels.";
        }

        if (!string.Equals(input.Layout, "NHWC", StringComparison.Ordinal) || input.Channels != 3
            || !string.Equals(input.ColorOrder, "RGB", StringComparison.Ordinal))
        {
            return $"input is {input.Layout} with {input.Channels} {input.ColorOrder} channels; the server feeds NHWC with 3 RGB channels.";
        }

        if (input.Height <= 0 || input.Width <= 0)
        {
            return $"input size {input.Width}x{input.Height} is not positive.";
        }

        var labels = manifest.Labels;
        if (labels.Count < 2)
        {
            return $"labels has {labels.Count} entries; at least 2 are needed.";
        }

        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i].Index != i)
            {
                return $"labels[{i}] has index {labels[i].Index}; labels must be listed in output order 0..{labels.Count - 1}.";
            }

            if (string.IsNullOrWhiteSpace(labels[i].Code))
            {
                return $"labels[{i}] has no code.";
            }
        }

        var duplicate = labels.GroupBy(label => label.Code, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            return $"label code '{duplicate.Key}' appears more than once.";
        }

        var rule = manifest.DecisionRule;
        switch (rule.Type)
        {
            case DecisionRule.ArgmaxType:
                break;
            case DecisionRule.PriorAdjustedArgmaxType:
                if (rule.Priors is null || rule.Priors.Count != labels.Count)
                {
                    return $"decisionRule.priors has {rule.Priors?.Count ?? 0} entries; it needs one per label ({labels.Count}).";
                }

                if (rule.Priors.Any(prior => !(prior > 0) || double.IsInfinity(prior)))
                {
                    return "decisionRule.priors must all be positive finite numbers.";
                }

                if (rule.Exponent is not { } exponent || double.IsNaN(exponent) || double.IsInfinity(exponent) || exponent < 0)
                {
                    return "decisionRule.exponent must be a non-negative finite number for prior-adjusted-argmax.";
                }

                break;
            default:
                return $"decisionRule.type '{rule.Type}' is unknown; expected '{DecisionRule.ArgmaxType}' or '{DecisionRule.PriorAdjustedArgmaxType}'.";
        }

        var threshold = manifest.MalignantThreshold.Value;
        if (!(threshold > 0 && threshold <= 1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"malignantThreshold.value {threshold} is outside (0, 1].");
        }

        if (string.IsNullOrWhiteSpace(manifest.Outputs.Probabilities))
        {
            return "outputs.probabilities is empty.";
        }

        if (manifest.OutOfDistribution is { } ood)
        {
            if (manifest.Outputs.Embedding is null)
            {
                return "outOfDistribution needs the embedding output, but outputs.embedding is not set.";
            }

            if (string.IsNullOrWhiteSpace(ood.File) || Path.GetFileName(ood.File) != ood.File)
            {
                return $"outOfDistribution.file '{ood.File}' must be a file name next to the manifest.";
            }

            if (ood.Sha256.Length != 64 || !ood.Sha256.All(Uri.IsHexDigit))
            {
                return $"outOfDistribution.sha256 '{ood.Sha256}' is not 64 hexadecimal characters.";
            }
        }

        if (manifest.Uncertainty is { } uncertainty
            && !(uncertainty.MinTopProbability is >= 0 and <= 1 && uncertainty.BorderlineFrom is >= 0 and <= 1
                 && uncertainty.BorderlineTo is >= 0 and <= 1 && uncertainty.BorderlineFrom <= uncertainty.BorderlineTo))
        {
            return string.Create(CultureInfo.InvariantCulture, $"uncertainty needs minTopProbability, borderlineFrom <= borderlineTo, all in [0, 1]; got {uncertainty.MinTopProbability}, {uncertainty.BorderlineFrom}, {uncertainty.BorderlineTo}.");
        }

        return null;
    }

    /// <summary>Compares the manifest with what ONNX Runtime reports for the loaded graph.</summary>
    internal static string? FindSessionMismatch(ModelManifest manifest, InferenceSession session)
    {
        var input = manifest.Input;
        if (session.InputMetadata.Count != 1 || !session.InputMetadata.TryGetValue(input.Name, out var inputMeta))
        {
            return $"the manifest's input '{input.Name}' does not match the graph's inputs [{string.Join(", ", session.InputMetadata.Keys)}].";
        }

        if (inputMeta.ElementDataType != TensorElementType.UInt8)
        {
            return $"graph input '{input.Name}' has dtype {inputMeta.ElementDataType}; the manifest says {input.Dtype}.";
        }

        int[] expectedInput = [-1, input.Height, input.Width, input.Channels];
        if (!ShapeMatches(inputMeta.Dimensions, expectedInput))
        {
            return $"graph input '{input.Name}' has shape {FormatShape(inputMeta.Dimensions)}; the manifest says [N, {input.Height}, {input.Width}, {input.Channels}].";
        }

        int classes = manifest.Labels.Count;
        var outputs = manifest.Outputs;
        var expectations = new List<(string Role, string? Name, int[]? Shape)>
        {
            ("probabilities", outputs.Probabilities, [-1, classes]),
            ("logits", outputs.Logits, [-1, classes]),
            ("embedding", outputs.Embedding, null),
            ("cam", outputs.Cam, null),
            ("earlyStatistics", outputs.EarlyStatistics, null),
        };

        foreach (var (role, name, shape) in expectations)
        {
            if (name is null)
            {
                continue;
            }

            if (!session.OutputMetadata.TryGetValue(name, out var meta))
            {
                return $"the manifest's output '{name}' ({role}) is not among the graph's outputs [{string.Join(", ", session.OutputMetadata.Keys)}].";
            }

            if (meta.ElementDataType != TensorElementType.Float)
            {
                return $"graph output '{name}' has dtype {meta.ElementDataType}; float32 is expected.";
            }

            if (shape is not null && !ShapeMatches(meta.Dimensions, shape))
            {
                return $"graph output '{name}' has shape {FormatShape(meta.Dimensions)}; expected [N, {classes}] for {classes} labels.";
            }

            if (role == "cam" && (meta.Dimensions.Length != 4 || (meta.Dimensions[1] >= 0 && meta.Dimensions[1] != classes)))
            {
                return $"graph output '{name}' has shape {FormatShape(meta.Dimensions)}; expected [N, {classes}, h, w].";
            }

            if (role is "embedding" or "earlyStatistics" && meta.Dimensions.Length != 2)
            {
                return $"graph output '{name}' has shape {FormatShape(meta.Dimensions)}; expected [N, features].";
            }
        }

        return null;
    }

    /// <summary>Whether a graph shape is the expected one; the batch dimension (first) is not compared with <paramref name="expected"/>.</summary>
    private static bool ShapeMatches(int[] actual, int[] expected)
    {
        if (actual.Length != expected.Length)
        {
            return false;
        }

        // Dynamic batch is the contract; a graph exported with batch fixed at 1 still serves one image.
        if (actual[0] >= 0 && actual[0] != 1)
        {
            return false;
        }

        return actual.AsSpan(1).SequenceEqual(expected.AsSpan(1));
    }

    private static string FormatShape(int[] dimensions) =>
        "[" + string.Join(", ", dimensions.Select(d => d < 0 ? "N" : d.ToString(CultureInfo.InvariantCulture))) + "]";
}
