using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using SkinLesion.Inference.Screening;
using SkinLesion.Inference.Segmentation;

namespace SkinLesion.Inference.Model;

/// <summary>
/// Loads the model and verifies it, step by step, before anything is served: the manifest against itself, the
/// .onnx file against the manifest (size, sha256), the graph's metadata against the manifest, the
/// out-of-distribution artifact against both, and one warm-up inference against all of them. Any problem is a
/// <see cref="ModelLoadException"/> that names the file and the mismatch, so a broken deployment stops at startup.
/// </summary>
internal sealed class ModelLoader
{
    private readonly string _manifestPath;

    // The graph as it was hashed. Sessions are made from these bytes, not from the path again, so a file replaced after
    // the check (a deployment still copying, or someone with write access to models/) is never the graph served under
    // the manifest's sha256.
    private readonly byte[] _graph;

    private ModelLoader(string manifestPath, ModelManifest manifest, string modelPath, byte[] graph)
    {
        _manifestPath = manifestPath;
        Manifest = manifest;
        ModelPath = modelPath;
        _graph = graph;
    }

    internal ModelManifest Manifest { get; }

    /// <summary>The .onnx file's absolute path, resolved next to the manifest.</summary>
    internal string ModelPath { get; }

    /// <summary>Reads and checks the manifest, then reads and checks the .onnx file it names; no session is opened yet.</summary>
    internal static ModelLoader Verify(ModelOptions options)
    {
        string manifestPath = options.ResolveManifestPath();
        var manifest = ManifestValidator.Read(manifestPath);
        string modelPath = NextTo(manifestPath, manifest.File);
        byte[] graph = ReadVerified(modelPath, "the model file named by the manifest", manifest.File, manifest.SizeBytes, manifest.Sha256);
        return new ModelLoader(manifestPath, manifest, modelPath, graph);
    }

    /// <summary>
    /// Opens an ONNX Runtime session with <paramref name="intraOpThreads"/> threads per run and checks the graph's inputs
    /// and outputs against the manifest.
    /// </summary>
    internal GraphRunner OpenGraph(int intraOpThreads)
    {
        var (session, sessionOptions) = OpenSession(_graph, ModelPath, intraOpThreads, "graph");
        try
        {
            var mismatch = ManifestValidator.FindSessionMismatch(Manifest, session);
            if (mismatch is not null)
            {
                throw new ModelLoadException(ModelPath, $"the graph does not match its manifest '{_manifestPath}': {mismatch}");
            }

            return new GraphRunner(session, sessionOptions, Manifest);
        }
        catch
        {
            session.Dispose();
            sessionOptions.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An ONNX Runtime session on <paramref name="graph"/> (the verified bytes of the file at <paramref name="path"/>) with
    /// the service's session options and <paramref name="intraOpThreads"/> threads per run, which the caller then owns; a
    /// graph ONNX Runtime cannot load is a <see cref="ModelLoadException"/> naming <paramref name="what"/>. A graph whose
    /// weights sit in external data files cannot be loaded this way: the shipped graphs are single files.
    /// </summary>
    internal static (InferenceSession Session, SessionOptions Options) OpenSession(byte[] graph, string path, int intraOpThreads, string what)
    {
        OnnxRuntimeTelemetry.OptOut();
        var sessionOptions = CreateSessionOptions(intraOpThreads);
        try
        {
            return (new InferenceSession(graph, sessionOptions), sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            sessionOptions.Dispose();
            throw new ModelLoadException(path, $"ONNX Runtime cannot load the {what}: {ex.Message}", ex);
        }
    }

    /// <summary>The distance checks the manifest lists, checked against it; null when it lists none (the checks are off).</summary>
    internal OutOfDistributionModel? LoadOutOfDistribution() =>
        Manifest.OutOfDistribution is { } ood
            ? OutOfDistributionModel.Load(NextTo(_manifestPath, ood.File), ood.Sha256, Manifest)
            : null;

    /// <summary>
    /// The segmentation graph the manifest lists, verified (file, contract) and warmed; null when it lists none (no
    /// segmentation is offered).
    /// </summary>
    internal LesionSegmenter? OpenSegmenter() =>
        Manifest.Segmentation is { } segmentation
            ? LesionSegmenter.Open(NextTo(_manifestPath, segmentation.File), segmentation, Manifest.Input)
            : null;

    /// <summary>Runs one inference on a grey image and checks what the graph returns; returns how long it took.</summary>
    internal TimeSpan WarmUp(GraphRunner graph, OutOfDistributionModel? outOfDistribution, TimeProvider timeProvider)
    {
        long start = timeProvider.GetTimestamp();
        var pixels = new byte[graph.InputLength];
        Array.Fill(pixels, (byte)128);
        // The cam is asked for whenever the manifest names it: its shape is only known from a run, and a wrong one would
        // otherwise fail the first explained request instead of the start.
        bool withCam = Manifest.Outputs.Cam is not null && graph.CanExplain;
        GraphOutput output;
        try
        {
            output = graph.Run(pixels, withCam: withCam);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or InvalidOperationException)
        {
            throw new ModelLoadException(ModelPath, $"the warm-up inference failed: {ex.Message}", ex);
        }

        if (outOfDistribution is not null)
        {
            CheckWidths(output, outOfDistribution);
        }

        CheckProbabilities(output.Probabilities);
        if (output.Cam is { } cam && Manifest.Input.NetworkSize is not null)
        {
            CheckCamGrid(cam);
        }

        return timeProvider.GetElapsedTime(start);
    }

    // The cam's side is symbolic in the graph too. A grid of c cells of camStride pixels must cover input.networkSize
    // to within one cell, or every heatmap would be drawn over the wrong part of the image.
    private void CheckCamGrid(CamOutput cam)
    {
        int size = Manifest.Input.NetworkSize!.Value, stride = Manifest.CamStride!.Value;
        if (Math.Abs((cam.Width * stride) - size) >= stride || Math.Abs((cam.Height * stride) - size) >= stride)
        {
            throw new ModelLoadException(ModelPath, $"the cam output is {cam.Width}x{cam.Height} cells; cells of camStride {stride} do not cover input.networkSize {size} to within one cell.");
        }
    }

    // The graph declares these outputs' widths as symbolic, so only a run shows them; a mismatch with the
    // artifact would otherwise fail every request instead of the start.
    private void CheckWidths(GraphOutput output, OutOfDistributionModel outOfDistribution)
    {
        CheckWidth(output.Embedding, outOfDistribution.Embedding, "embedding distance");
        if (outOfDistribution.Early is { } early)
        {
            CheckWidth(output.EarlyStatistics, early, "early distance");
        }
    }

    private void CheckWidth(float[]? values, OutOfDistributionDistance distance, string name)
    {
        if (values?.Length != distance.Dimension)
        {
            throw new ModelLoadException(ModelPath, $"the {distance.Output} output has {values?.Length ?? 0} values; the out-of-distribution artifact's {name} expects {distance.Dimension}.");
        }
    }

    private void CheckProbabilities(float[] probabilities)
    {
        if (probabilities.Length != Manifest.Labels.Count)
        {
            throw new ModelLoadException(ModelPath, $"the warm-up inference returned {probabilities.Length} probabilities for {Manifest.Labels.Count} labels.");
        }

        double sum = probabilities.Sum(p => (double)p);
        if (probabilities.Any(p => !float.IsFinite(p) || p < 0 || p > 1) || Math.Abs(sum - 1) > 1e-3)
        {
            throw new ModelLoadException(ModelPath, $"the warm-up inference returned values that are not probabilities (sum {sum:F4}); is outputs.probabilities the calibrated softmax output?");
        }
    }

    internal static string NextTo(string manifestPath, string fileName) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(manifestPath)!, fileName));

    /// <summary>
    /// The bytes of a file the manifest names, checked against its size (when given) and sha256; <paramref name="role"/>
    /// says what it is in the message. The caller loads these bytes, never the path again.
    /// </summary>
    internal static byte[] ReadVerified(string path, string role, string fileName, long? sizeBytes, string sha256)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException(path, $"{role} (file: '{fileName}') does not exist.");
        }

        byte[] bytes;
        using (var stream = File.OpenRead(path))
        {
            if (sizeBytes is { } expectedSize && stream.Length != expectedSize)
            {
                throw new ModelLoadException(path, $"the file is {stream.Length} bytes but the manifest says sizeBytes {expectedSize}: it is truncated or does not belong to this manifest.");
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }

        string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelLoadException(path, $"sha256 mismatch: the file hashes to {actual} but the manifest says {sha256.ToLowerInvariant()}. The file is corrupt or does not belong to this manifest.");
        }

        return bytes;
    }

    private static SessionOptions CreateSessionOptions(int intraOpThreads)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
        };

        // A split run's workers spin between its operators, so each parallel section starts without a wake-up (about 1 ms
        // of a 5 ms run on two cores), and stop when the run returns: between requests an idle service uses no CPU, and
        // the spinning takes no core from the request work around the runs (ADR 0045). A one-thread session has no workers.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "1");
        sessionOptions.AddSessionConfigEntry("session.force_spinning_stop", "1");
        return sessionOptions;
    }
}
