using Microsoft.ML.OnnxRuntime;

namespace SkinLesion.Inference.Model;

/// <summary>
/// Runs the graph for one image. Owns one ONNX Runtime session of the classifier's graph (and its options), which
/// <see cref="ModelLoader"/> opened and checked; InferenceSession.Run is thread-safe, so one instance serves many
/// requests at once. The classifier holds two: one thread per run, and several for a request alone (ADR 0045).
/// Every OrtValue it creates is disposed before <see cref="Run"/> returns.
/// </summary>
internal sealed class GraphRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _sessionOptions;
    private readonly int _classes;
    private readonly string[] _inputNames;
    private readonly long[] _inputShape;
    private readonly string[] _outputNames;
    private readonly string[]? _explainOutputNames;
    private readonly bool _hasEmbedding;
    private readonly int _earlyIndex;

    /// <summary>Takes ownership of <paramref name="session"/> and <paramref name="sessionOptions"/>.</summary>
    internal GraphRunner(InferenceSession session, SessionOptions sessionOptions, ModelManifest manifest)
    {
        _session = session;
        _sessionOptions = sessionOptions;
        _classes = manifest.Labels.Count;
        _inputNames = [manifest.Input.Name];
        _inputShape = [1, manifest.Input.Height, manifest.Input.Width, manifest.Input.Channels];

        // The embedding is computed on the way to the probabilities anyway; fetching it costs one copy
        // of 1280 floats and feeds the out-of-distribution check. The early statistics add a few pooling
        // nodes over feature maps that are computed anyway (a refit needs them before its artifact exists).
        var names = new List<string> { manifest.Outputs.Probabilities };
        if (manifest.Outputs.Embedding is { } embedding)
        {
            _hasEmbedding = true;
            names.Add(embedding);
        }

        _earlyIndex = -1;
        if (manifest.Outputs.EarlyStatistics is { } early)
        {
            _earlyIndex = names.Count;
            names.Add(early);
        }

        _outputNames = [.. names];

        // The cam output is fetched only for explained requests: ONNX Runtime computes just what the
        // requested outputs need, so the ordinary path neither pays for it nor copies it.
        _explainOutputNames = manifest.Outputs.Cam is { } cam ? [.. _outputNames, cam] : null;
    }

    /// <summary>Whether the manifest names a cam output, so that <see cref="Run"/> can return one.</summary>
    internal bool CanExplain => _explainOutputNames is not null;

    /// <summary>Bytes of one model-input image (height x width x channels).</summary>
    internal int InputLength => (int)(_inputShape[1] * _inputShape[2] * _inputShape[3]);

    /// <summary>Runs the graph once for the probabilities, the embedding, the early statistics and, when asked, the cam output (same input, same pass).</summary>
    internal GraphOutput Run(Memory<byte> pixels, bool withCam)
    {
        if (pixels.Length != InputLength)
        {
            throw new ArgumentException($"Expected {InputLength} bytes of model input, got {pixels.Length}.", nameof(pixels));
        }

        var names = withCam ? _explainOutputNames! : _outputNames;
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels, _inputShape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, _inputNames, [input], names);
        float[] probabilities = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        float[]? embedding = _hasEmbedding ? outputs[1].GetTensorDataAsSpan<float>().ToArray() : null;
        float[]? early = _earlyIndex < 0 ? null : outputs[_earlyIndex].GetTensorDataAsSpan<float>().ToArray();
        if (!withCam)
        {
            return new GraphOutput(probabilities, embedding, early, null);
        }

        var camValue = outputs[names.Length - 1];
        var shape = camValue.GetTensorTypeAndShape().Shape;
        if (shape.Length != 4 || shape[0] != 1 || shape[1] != _classes || shape[2] <= 0 || shape[3] <= 0)
        {
            throw new InvalidOperationException($"The cam output has shape [{string.Join(", ", shape)}]; expected [1, {_classes}, h, w].");
        }

        var cam = new CamOutput(camValue.GetTensorDataAsSpan<float>().ToArray(), (int)shape[1], (int)shape[2], (int)shape[3]);
        return new GraphOutput(probabilities, embedding, early, cam);
    }

    public void Dispose()
    {
        _session.Dispose();
        _sessionOptions.Dispose();
    }
}
