using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkinLesion.Inference.Model;

namespace SkinLesion.Inference.Segmentation;

/// <summary>
/// The segmentation graph's contract (docs/model-contract.md, "Segmentation"): the manifest section against itself, and
/// the graph's real inputs and outputs against it. It reads exactly the classifier's input tensor, uint8
/// [N, height, width, 3], so one preprocessing feeds both graphs, and returns float32 [N, height, width] probabilities.
/// </summary>
internal static class SegmentationContract
{
    /// <summary>The manifest section's own consistency; null when it is absent or sound.</summary>
    internal static string? ManifestProblem(ManifestSegmentation? segmentation)
    {
        if (segmentation is null)
        {
            return null;
        }

        var problem = ManifestValidator.FileNameProblem("segmentation.file", segmentation.File)
            ?? ManifestValidator.Sha256Problem("segmentation.sha256", segmentation.Sha256);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(segmentation.Input) || string.IsNullOrWhiteSpace(segmentation.Output))
        {
            return "segmentation.input and segmentation.output must name the graph's input and output.";
        }

        if (!(segmentation.Threshold > 0 && segmentation.Threshold < 1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"segmentation.threshold {segmentation.Threshold} is outside (0, 1).");
        }

        if (string.IsNullOrWhiteSpace(segmentation.Version))
        {
            return "segmentation.version is empty.";
        }

        if (segmentation.SizeBytes is <= 0)
        {
            return $"segmentation.sizeBytes {segmentation.SizeBytes} is not positive.";
        }

        return segmentation.InputSize is { } size && (size.Count != 2 || size.Any(side => side <= 0))
            ? $"segmentation.inputSize must be [width, height] of positive sides; got [{string.Join(", ", size)}]."
            : null;
    }

    /// <summary>The graph's metadata against the contract; null when it matches.</summary>
    internal static string? SessionMismatch(ManifestSegmentation segmentation, ManifestInput input, InferenceSession session)
    {
        if (session.InputMetadata.Count != 1 || !session.InputMetadata.TryGetValue(segmentation.Input, out var inputMeta))
        {
            return $"segmentation.input '{segmentation.Input}' does not match the graph's inputs [{string.Join(", ", session.InputMetadata.Keys)}].";
        }

        if (inputMeta.ElementDataType != TensorElementType.UInt8
            || !ManifestValidator.ShapeMatches(inputMeta.Dimensions, [-1, input.Height, input.Width, input.Channels]))
        {
            return $"graph input '{segmentation.Input}' is {inputMeta.ElementDataType} {ManifestValidator.FormatShape(inputMeta.Dimensions)}; the contract is the classifier's input, UInt8 [N, {input.Height}, {input.Width}, {input.Channels}].";
        }

        if (!session.OutputMetadata.TryGetValue(segmentation.Output, out var outputMeta))
        {
            return $"segmentation.output '{segmentation.Output}' is not among the graph's outputs [{string.Join(", ", session.OutputMetadata.Keys)}].";
        }

        // A side the export left symbolic is checked on the warm-up run, which shows the real shape.
        var dimensions = outputMeta.Dimensions;
        bool shapeFits = dimensions.Length == 3 && dimensions[0] is < 0 or 1
            && dimensions[1] is var height && (height < 0 || height == input.Height)
            && dimensions[2] is var width && (width < 0 || width == input.Width);
        return outputMeta.ElementDataType == TensorElementType.Float && shapeFits
            ? null
            : $"graph output '{segmentation.Output}' is {outputMeta.ElementDataType} {ManifestValidator.FormatShape(dimensions)}; the contract is Float [N, {input.Height}, {input.Width}] (a probability per pixel of the input).";
    }
}
