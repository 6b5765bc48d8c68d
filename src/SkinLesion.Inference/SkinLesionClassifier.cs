using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using SkinLesion.Inference.Explanation;
using SkinLesion.Inference.Images;
using SkinLesion.Inference.Model;
using SkinLesion.Inference.Screening;

namespace SkinLesion.Inference;

/// <summary>
/// Owns the single ONNX Runtime session for the process. Constructing it loads and verifies the model
/// (sha256, manifest against graph metadata) and runs one warm-up inference, so a constructed instance
/// is always ready to serve; any problem surfaces as a <see cref="ModelLoadException"/> at startup.
/// InferenceSession.Run is thread-safe; a semaphore bounds how many images are decoded and run at once,
/// which bounds both CPU oversubscription and peak memory (a 40 MP image decodes to 160 MB).
/// </summary>
public sealed partial class SkinLesionClassifier : ISkinLesionClassifier, IDisposable
{
    // How long Dispose waits for in-flight inferences before freeing the session anyway.
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);

    private readonly InferenceSession _session;
    private readonly SessionOptions _sessionOptions;
    private readonly SemaphoreSlim _gate;
    private readonly int _slots;
    private readonly ImagePreprocessor _preprocessor;
    private readonly DecisionRule _decisionRule;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SkinLesionClassifier> _logger;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly string[]? _explainOutputNames;
    private readonly int _earlyIndex;
    private readonly long[] _inputShape;
    private bool _disposed;

    public SkinLesionClassifier(
        ModelOptions modelOptions,
        ImageOptions imageOptions,
        TimeProvider timeProvider,
        ILogger<SkinLesionClassifier> logger)
    {
        ArgumentNullException.ThrowIfNull(modelOptions);
        ArgumentNullException.ThrowIfNull(imageOptions);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _timeProvider = timeProvider;
        _logger = logger;

        string manifestPath = modelOptions.ResolveManifestPath();
        Manifest = ManifestValidator.Read(manifestPath);
        string modelPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(manifestPath)!, Manifest.File));
        VerifyFile(modelPath, Manifest);

        Model = new ModelIdentity(Manifest.Name, Manifest.Version, Manifest.Sha256.ToLowerInvariant());
        _decisionRule = DecisionRule.FromManifest(Manifest);
        _preprocessor = new ImagePreprocessor(imageOptions, Manifest.Input.Width, Manifest.Input.Height, timeProvider);
        _inputNames = [Manifest.Input.Name];
        _inputShape = [1, Manifest.Input.Height, Manifest.Input.Width, Manifest.Input.Channels];

        int slots = modelOptions.EffectiveMaxConcurrentInferences;
        _slots = slots;
        _gate = new SemaphoreSlim(slots, slots);
        _sessionOptions = CreateSessionOptions(modelOptions);
        try
        {
            try
            {
                _session = new InferenceSession(modelPath, _sessionOptions);
            }
            catch (OnnxRuntimeException ex)
            {
                throw new ModelLoadException(modelPath, $"ONNX Runtime cannot load the graph: {ex.Message}", ex);
            }

            var mismatch = ManifestValidator.FindSessionMismatch(Manifest, _session);
            if (mismatch is not null)
            {
                throw new ModelLoadException(modelPath, $"the graph does not match its manifest '{manifestPath}': {mismatch}");
            }

            OutOfDistribution = Manifest.OutOfDistribution is { } ood
                ? OutOfDistributionModel.Load(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(manifestPath)!, ood.File)), ood.Sha256, Manifest)
                : null;

            // The embedding is computed on the way to the probabilities anyway; fetching it costs one copy
            // of 1280 floats and feeds the out-of-distribution check. The early statistics add a few pooling
            // nodes over feature maps that are computed anyway (a refit needs them before its artifact exists).
            var names = new List<string> { Manifest.Outputs.Probabilities };
            if (Manifest.Outputs.Embedding is { } embedding)
            {
                names.Add(embedding);
            }

            _earlyIndex = -1;
            if (Manifest.Outputs.EarlyStatistics is { } early)
            {
                _earlyIndex = names.Count;
                names.Add(early);
            }

            _outputNames = [.. names];

            // The cam output is fetched only for explained requests: ONNX Runtime computes just what the
            // requested outputs need, so the ordinary path neither pays for it nor copies it.
            _explainOutputNames = Manifest.Outputs.Cam is { } cam ? [.. _outputNames, cam] : null;

            WarmUpDuration = WarmUp(modelPath);
            _preprocessor.WarmUp();
        }
        catch
        {
            _session?.Dispose();
            _sessionOptions.Dispose();
            _gate.Dispose();
            throw;
        }

        LogModelLoaded(_logger, Model.Name, Model.Version, Model.Sha256, modelPath, WarmUpDuration.TotalMilliseconds, modelOptions.IntraOpNumThreads, slots, _preprocessor.JpegDecoderName);
        if (!_preprocessor.UsesLibJpegTurbo && imageOptions.JpegDecoder == JpegDecoderChoice.Auto)
        {
            LogNoLibJpegTurbo(_logger);
        }
    }

    public ModelManifest Manifest { get; }

    /// <summary>The distance checks fitted for this model; null when the manifest lists none (the checks are off).</summary>
    public OutOfDistributionModel? OutOfDistribution { get; }

    public ModelIdentity Model { get; }

    public TimeSpan WarmUpDuration { get; }

    public string JpegDecoder => _preprocessor.JpegDecoderName;

    public ImageHeader Inspect(ReadOnlyMemory<byte> image)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _preprocessor.Inspect(image);
    }

    public Task<ClassificationResult> ClassifyAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default) =>
        ClassifyAsync(image, explain: false, cancellationToken);

    public async Task<ClassificationResult> ClassifyAsync(ReadOnlyMemory<byte> image, bool explain, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long start = _timeProvider.GetTimestamp();

        // Header checks are cheap and allocate little, so they run before queueing: a hostile
        // 20000x20000 PNG is refused without waiting for (or holding) an inference slot.
        var header = _preprocessor.Inspect(image);
        long inspected = _timeProvider.GetTimestamp();

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        long admitted = _timeProvider.GetTimestamp();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var prepared = _preprocessor.Prepare(image, header);
            long inferenceStart = _timeProvider.GetTimestamp();
            var output = RunGraph(prepared.Pixels, withCam: explain && _explainOutputNames is not null);
            long inferenceEnd = _timeProvider.GetTimestamp();
            var screening = Screen(prepared.Pixels, output.Embedding, output.EarlyStatistics);
            long end = _timeProvider.GetTimestamp();

            // Reading the header is part of decoding; waiting for a slot is reported on its own.
            var timings = new ClassificationTimings(
                QueueMs: _timeProvider.GetElapsedTime(inspected, admitted).TotalMilliseconds,
                DecodeMs: (_timeProvider.GetElapsedTime(start, inspected) + prepared.Decode).TotalMilliseconds,
                PreprocessMs: prepared.Preprocess.TotalMilliseconds,
                InferenceMs: _timeProvider.GetElapsedTime(inferenceStart, inferenceEnd).TotalMilliseconds,
                TotalMs: _timeProvider.GetElapsedTime(start, end).TotalMilliseconds)
            {
                ScreeningMs = _timeProvider.GetElapsedTime(inferenceEnd, end).TotalMilliseconds,
            };
            var result = BuildResult(header, output.Probabilities, timings, screening) with { Embedding = output.Embedding, EarlyStatistics = output.EarlyStatistics };
            if (output.Cam is not { } cam)
            {
                return result;
            }

            var explanation = Explain(prepared.Pixels, cam, result.Prediction);
            return result with { Explanation = explanation, ExplanationMs = _timeProvider.GetElapsedTime(end).TotalMilliseconds };
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What one pass of the graph returns for one image; embedding, early statistics and cam only when the manifest names them (cam only when asked).</summary>
    internal sealed record GraphOutput(float[] Probabilities, float[]? Embedding, float[]? EarlyStatistics, CamOutput? Cam);

    /// <summary>One image's class activation maps: [classes, height, width], row-major.</summary>
    internal sealed record CamOutput(float[] Values, int Classes, int Height, int Width)
    {
        internal ReadOnlySpan<float> Channel(int classIndex) => Values.AsSpan(classIndex * Height * Width, Height * Width);
    }

    /// <summary>Runs the graph once for the probabilities, the embedding, the early statistics and, when asked, the cam output (same input, same pass).</summary>
    internal GraphOutput RunGraph(byte[] pixels, bool withCam)
    {
        var names = withCam ? _explainOutputNames! : _outputNames;
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, _inputShape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, _inputNames, [input], names);
        float[] probabilities = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        float[]? embedding = Manifest.Outputs.Embedding is null ? null : outputs[1].GetTensorDataAsSpan<float>().ToArray();
        float[]? early = _earlyIndex < 0 ? null : outputs[_earlyIndex].GetTensorDataAsSpan<float>().ToArray();
        if (!withCam)
        {
            return new GraphOutput(probabilities, embedding, early, null);
        }

        var camValue = outputs[names.Length - 1];
        var shape = camValue.GetTensorTypeAndShape().Shape;
        if (shape.Length != 4 || shape[0] != 1 || shape[1] != Manifest.Labels.Count || shape[2] <= 0 || shape[3] <= 0)
        {
            throw new InvalidOperationException($"The cam output has shape [{string.Join(", ", shape)}]; expected [1, {Manifest.Labels.Count}, h, w].");
        }

        var cam = new CamOutput(camValue.GetTensorDataAsSpan<float>().ToArray(), (int)shape[1], (int)shape[2], (int)shape[3]);
        return new GraphOutput(probabilities, embedding, early, cam);
    }

    /// <summary>The explanation of the reported class, drawn over the model-input pixels.</summary>
    internal ClassExplanation Explain(byte[] pixels, CamOutput cam, ClassProbability prediction) =>
        ClassActivationMap.Explain(pixels, Manifest.Input.Width, Manifest.Input.Height, cam.Channel(prediction.Index), cam.Width, cam.Height, prediction.Index, prediction.Code);

    /// <summary>
    /// Screening before anything is called a diagnosis: the texture of the model-input pixels and, when the
    /// manifest lists the artifact, the embedding's distance to the training classes and (schema 3) the early-stage
    /// statistics' distance to the training images. The texture floor applies
    /// with or without the artifact; the artifact records the floor it was validated with.
    /// </summary>
    internal ScreeningScores Screen(byte[] pixels, float[]? embedding, float[]? earlyStatistics)
    {
        double texture = ImageTexture.MeanNeighbourDifference(pixels, Manifest.Input.Width, Manifest.Input.Height);
        if (OutOfDistribution is not { } ood || embedding is null)
        {
            return new ScreeningScores(null, null, texture, DefaultTextureMinimum);
        }

        double? early = null;
        if (ood.Early is not null)
        {
            // The early output is fetched whenever the manifest names it, and loading checked that it does.
            early = ood.ScoreEarly(earlyStatistics ?? throw new InvalidOperationException("The artifact has an early-stage check but the graph run returned no early statistics."));
        }

        return new ScreeningScores(ood.Score(embedding), ood.Threshold, texture, ood.TextureMinimum)
        {
            EarlyScore = early,
            EarlyThreshold = ood.Early?.Threshold,
        };
    }

    /// <summary>The texture floor when no artifact gives one: HAM10000 validation's minimum is 0.84, solid and smoothly shaded images are below 0.5.</summary>
    internal const double DefaultTextureMinimum = 0.5;

    internal Assessment Assess(ScreeningScores screening, ClassProbability top, Verdict verdict)
    {
        if (screening.Texture < screening.TextureMinimum)
        {
            return new Assessment(AssessmentStatus.Rejected, [AssessmentReasons.Featureless], screening);
        }

        if (screening.DistanceScore > screening.DistanceThreshold || screening.EarlyScore > screening.EarlyThreshold)
        {
            return new Assessment(AssessmentStatus.Rejected, [AssessmentReasons.NotDermoscopic], screening);
        }

        var reasons = new List<string>(2);
        if (Manifest.Uncertainty is { } uncertainty)
        {
            if (top.Probability < uncertainty.MinTopProbability)
            {
                reasons.Add(AssessmentReasons.LowConfidence);
            }

            if (verdict.MalignantProbability >= uncertainty.BorderlineFrom && verdict.MalignantProbability < uncertainty.BorderlineTo)
            {
                reasons.Add(AssessmentReasons.BorderlineMalignancy);
            }
        }

        return new Assessment(reasons.Count > 0 ? AssessmentStatus.Uncertain : AssessmentStatus.Classified, reasons, screening);
    }

    internal ClassificationResult BuildResult(ImageHeader header, float[] probabilities, ClassificationTimings timings, ScreeningScores screening)
    {
        var labels = Manifest.Labels;
        var classes = new ClassProbability[labels.Count];
        double malignant = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            classes[i] = new ClassProbability(i, labels[i].Code, labels[i].Name, labels[i].Malignant, probabilities[i]);
            if (labels[i].Malignant)
            {
                malignant += probabilities[i];
            }
        }

        double threshold = Manifest.MalignantThreshold.Value;
        var verdict = new Verdict(malignant >= threshold, malignant, threshold);
        var top = classes[_decisionRule.SelectTop(probabilities)];
        return new ClassificationResult(Model, header, classes, top, verdict, timings) { Assessment = Assess(screening, top, verdict) };
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // An inference still running on another thread (a request the host is abandoning while it shuts
        // down) would use the native session after it is freed: a process crash, not an exception. Take
        // every slot first, so nothing is in flight, then let queued callers through to see _disposed
        // (which is why the semaphore itself is not disposed: it holds no native handle unless asked for one).
        int taken = 0;
        while (taken < _slots && _gate.Wait(DisposeWait))
        {
            taken++;
        }

        if (taken < _slots)
        {
            LogDisposeTimedOut(_logger, _slots - taken, DisposeWait.TotalSeconds);
        }

        _session.Dispose();
        _sessionOptions.Dispose();
        if (taken > 0)
        {
            _gate.Release(taken);
        }
    }

    private static void VerifyFile(string modelPath, ModelManifest manifest)
    {
        if (!File.Exists(modelPath))
        {
            throw new ModelLoadException(modelPath, $"the model file named by the manifest (file: '{manifest.File}') does not exist.");
        }

        using var stream = File.OpenRead(modelPath);
        if (manifest.SizeBytes is { } expectedSize && stream.Length != expectedSize)
        {
            throw new ModelLoadException(modelPath, $"the file is {stream.Length} bytes but the manifest says sizeBytes {expectedSize}: it is truncated or does not belong to this manifest.");
        }

        string actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (!string.Equals(actual, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelLoadException(modelPath, $"sha256 mismatch: the file hashes to {actual} but the manifest says {manifest.Sha256.ToLowerInvariant()}. The file is corrupt or does not belong to this manifest.");
        }
    }

    private static SessionOptions CreateSessionOptions(ModelOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpNumThreads,
            InterOpNumThreads = 1,
        };

        // Concurrency comes from parallel requests; spinning intra-op threads would steal the cores
        // those requests need.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return sessionOptions;
    }

    private TimeSpan WarmUp(string modelPath)
    {
        long start = _timeProvider.GetTimestamp();
        var pixels = new byte[_inputShape[1] * _inputShape[2] * _inputShape[3]];
        Array.Fill(pixels, (byte)128);
        GraphOutput output;
        try
        {
            output = RunGraph(pixels, withCam: false);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException(modelPath, $"the warm-up inference failed: {ex.Message}", ex);
        }

        float[] probabilities = output.Probabilities;

        // The graph declares these outputs' widths as symbolic, so only a run shows them; a mismatch with the
        // artifact would otherwise fail every request instead of the start.
        if (OutOfDistribution is { } ood)
        {
            if (output.Embedding?.Length != ood.Artifact.Dimension)
            {
                throw new ModelLoadException(modelPath, $"the embedding output has {output.Embedding?.Length ?? 0} values; the out-of-distribution artifact expects {ood.Artifact.Dimension}.");
            }

            if (ood.Early is { } early && output.EarlyStatistics?.Length != early.Dimension)
            {
                throw new ModelLoadException(modelPath, $"the {early.Output} output has {output.EarlyStatistics?.Length ?? 0} values; the out-of-distribution artifact's early check expects {early.Dimension}.");
            }
        }

        if (probabilities.Length != Manifest.Labels.Count)
        {
            throw new ModelLoadException(modelPath, $"the warm-up inference returned {probabilities.Length} probabilities for {Manifest.Labels.Count} labels.");
        }

        double sum = probabilities.Sum(p => (double)p);
        if (probabilities.Any(p => !float.IsFinite(p) || p < 0 || p > 1) || Math.Abs(sum - 1) > 1e-3)
        {
            throw new ModelLoadException(modelPath, $"the warm-up inference returned values that are not probabilities (sum {sum:F4}); is outputs.probabilities the calibrated softmax output?");
        }

        return _timeProvider.GetElapsedTime(start);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Loaded model {ModelName} {ModelVersion} (sha256 {ModelSha256}) from {ModelPath}; warm-up {WarmUpMs:F1} ms, {IntraOpThreads} intra-op thread(s), {MaxConcurrentInferences} concurrent inference(s), JPEG decoder {JpegDecoder}")]
    private static partial void LogModelLoaded(ILogger logger, string modelName, string modelVersion, string modelSha256, string modelPath, double warmUpMs, int intraOpThreads, int maxConcurrentInferences, string jpegDecoder);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Disposing the model while {Running} inference(s) still ran after {WaitSeconds} s; the session is freed anyway.")]
    private static partial void LogDisposeTimedOut(ILogger logger, int running, double waitSeconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "libturbojpeg was not found, so JPEGs are decoded by ImageSharp, whose pixels differ slightly from the Python reference (Pillow/libjpeg-turbo). Install libjpeg-turbo's TurboJPEG library (Debian: libturbojpeg0, Ubuntu: libturbojpeg) for bit-exact parity.")]
    private static partial void LogNoLibJpegTurbo(ILogger logger);
}
