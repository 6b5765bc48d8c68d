using Microsoft.ML.OnnxRuntime;
using SkinLesion.Inference.Images;
using SkinLesion.Inference.Model;

namespace SkinLesion.Inference.Segmentation;

/// <summary>
/// Runs the lesion segmentation graph for one image. Owns its ONNX Runtime session (and the session's options) the way
/// <see cref="GraphRunner"/> owns the classifier's: opened and checked once at startup (file size and sha256 against the
/// manifest, inputs and outputs against <see cref="SegmentationContract"/>, one warm-up run), shared by every request
/// (InferenceSession.Run is thread-safe), disposed with the classifier that owns it, after the inference gate has
/// closed. Every OrtValue it creates is disposed before <see cref="Run"/> returns.
/// </summary>
public sealed class LesionSegmenter : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _sessionOptions;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly long[] _inputShape;
    private readonly string _path;

    private LesionSegmenter(InferenceSession session, SessionOptions sessionOptions, ManifestSegmentation contract, ManifestInput input, string path)
    {
        _session = session;
        _sessionOptions = sessionOptions;
        _path = path;
        Contract = contract;
        Width = input.Width;
        Height = input.Height;
        _inputNames = [contract.Input];
        _outputNames = [contract.Output];
        _inputShape = [1, input.Height, input.Width, input.Channels];
    }

    /// <summary>The manifest's segmentation section: threshold, version, training's figures.</summary>
    public ManifestSegmentation Contract { get; }

    /// <summary>Width of the probability map: the model input's.</summary>
    public int Width { get; }

    /// <summary>Height of the probability map: the model input's.</summary>
    public int Height { get; }

    /// <summary>How long the warm-up run took at startup.</summary>
    public TimeSpan WarmUpDuration { get; private set; }

    /// <summary>
    /// Opens, checks and warms the graph at <paramref name="path"/>; any problem is a <see cref="ModelLoadException"/>. One
    /// thread per run: the segmentation runs on one core beside the classifier's graph on another.
    /// </summary>
    internal static LesionSegmenter Open(string path, ManifestSegmentation contract, ManifestInput input)
    {
        byte[] graph = ModelLoader.ReadVerified(path, "the segmentation graph named by the manifest", contract.File, contract.SizeBytes, contract.Sha256);
        var (session, sessionOptions) = ModelLoader.OpenSession(graph, path, intraOpThreads: 1, "segmentation graph");

        // From here the segmenter owns the session and its options, and disposes them if a check fails.
        var segmenter = new LesionSegmenter(session, sessionOptions, contract, input, path);
        try
        {
            if (SegmentationContract.SessionMismatch(contract, input, session) is { } mismatch)
            {
                throw new ModelLoadException(path, $"the segmentation graph does not follow its contract: {mismatch}");
            }

            segmenter.WarmUp();
            return segmenter;
        }
        catch
        {
            segmenter.Dispose();
            throw;
        }
    }

    /// <summary>The lesion probability of every pixel of the model-input image, row-major, <see cref="Height"/> x <see cref="Width"/>.</summary>
    internal float[] Run(Memory<byte> pixels)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels, _inputShape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, _inputNames, [input], _outputNames);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        if (shape is not [1, var height, var width] || height != Height || width != Width)
        {
            throw new InvalidOperationException($"The segmentation output has shape [{string.Join(", ", shape)}]; expected [1, {Height}, {Width}].");
        }

        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>
    /// The graph on the model input, then the outline and measures mapped back into the upload's frame; and how long that
    /// took.
    /// </summary>
    internal (Lesion Lesion, double Milliseconds) Outline(PreparedImage prepared, TimeProvider timeProvider)
    {
        long started = timeProvider.GetTimestamp();
        var probabilities = Run(prepared.Pixels);
        var mapping = new GeometryMapping(prepared.Header, Width, Height);
        var lesion = LesionAnalyzer.Analyze(probabilities, prepared.Pixels.Span, Width, Height, Contract.Threshold, mapping, Contract.Version);
        return (lesion, timeProvider.GetElapsedTime(started).TotalMilliseconds);
    }

    public void Dispose()
    {
        _session.Dispose();
        _sessionOptions.Dispose();
    }

    // A grey image through the whole graph: a symbolic side shows its real size here, and values that are not
    // probabilities (a graph exported without its sigmoid) stop the start instead of outlining everything.
    private void WarmUp()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var pixels = new byte[Width * Height * 3];
        Array.Fill(pixels, (byte)128);
        float[] probabilities;
        try
        {
            probabilities = Run(pixels);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or InvalidOperationException)
        {
            throw new ModelLoadException(_path, $"the segmentation warm-up run failed: {ex.Message}", ex);
        }

        if (probabilities.Any(p => !float.IsFinite(p) || p < 0 || p > 1))
        {
            throw new ModelLoadException(_path, "the segmentation warm-up run returned values outside [0, 1]; the contract's output is a probability per pixel (sigmoid inside the graph).");
        }

        WarmUpDuration = System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }
}
