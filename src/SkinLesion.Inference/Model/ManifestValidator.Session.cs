using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SkinLesion.Inference.Model;

/// <summary>The manifest against the ONNX session's real input and output metadata.</summary>
internal static partial class ManifestValidator
{
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

        return expectations
            .Where(expectation => expectation.Name is not null)
            .Select(expectation => OutputMismatch(session, expectation.Role, expectation.Name!, expectation.Shape, classes))
            .FirstOrDefault(mismatch => mismatch is not null);
    }

    /// <summary>One named output against the graph: present, float32, and of the shape its role needs.</summary>
    private static string? OutputMismatch(InferenceSession session, string role, string name, int[]? shape, int classes)
    {
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

        return null;
    }

    /// <summary>Whether a graph shape is the expected one; the batch dimension (first) is not compared with <paramref name="expected"/>.</summary>
    internal static bool ShapeMatches(int[] actual, int[] expected)
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

    internal static string FormatShape(int[] dimensions) =>
        "[" + string.Join(", ", dimensions.Select(d => d < 0 ? "N" : d.ToString(CultureInfo.InvariantCulture))) + "]";
}
