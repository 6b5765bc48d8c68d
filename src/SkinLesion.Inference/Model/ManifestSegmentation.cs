using System.Text.Json;

namespace SkinLesion.Inference.Model;

/// <summary>
/// The manifest's optional lesion segmentation graph (docs/model-contract.md, "Segmentation"): a second .onnx beside the
/// classifier's that reads the same uint8 [N, height, width, 3] input and returns the lesion probability of every pixel.
/// Without the section no segmentation is offered.
/// </summary>
/// <param name="File">The graph's file name, resolved next to the manifest.</param>
/// <param name="Sha256">The graph file's sha256, checked at startup.</param>
/// <param name="Input">The graph's input name (the classifier's input tensor, unchanged).</param>
/// <param name="Output">The graph's output name: float32 [N, height, width], sigmoid applied inside the graph.</param>
/// <param name="Threshold">A pixel is lesion when its probability is at least this.</param>
/// <param name="Version">The segmentation model's version.</param>
/// <param name="SizeBytes">The graph file's size, checked at startup when given.</param>
/// <param name="InputSize">[width, height] the network works at inside the graph; information only.</param>
/// <param name="Description">What the graph is, for the model card.</param>
/// <param name="Metrics">Training's figures (validation and test Dice and Jaccard with intervals), passed through.</param>
/// <param name="Training">How it was trained, passed through.</param>
public sealed record ManifestSegmentation(
    string File,
    string Sha256,
    string Input,
    string Output,
    double Threshold,
    string Version,
    long? SizeBytes = null,
    IReadOnlyList<int>? InputSize = null,
    string? Description = null,
    JsonElement? Metrics = null,
    JsonElement? Training = null);
