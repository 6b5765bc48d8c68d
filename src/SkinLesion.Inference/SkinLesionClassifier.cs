using Microsoft.Extensions.Logging;
using SkinLesion.Inference.Admission;
using SkinLesion.Inference.Explanation;
using SkinLesion.Inference.Images;
using SkinLesion.Inference.Model;
using SkinLesion.Inference.Screening;
using SkinLesion.Inference.Site;
using SkinLesion.Inference.Segmentation;

namespace SkinLesion.Inference;

/// <summary>
/// The classifier the service uses, one per process (the container owns and disposes it). Constructing it
/// loads and verifies the model (<see cref="ModelLoader"/>) and runs one warm-up inference, so a constructed
/// instance is always ready to serve; any problem surfaces as a <see cref="ModelLoadException"/> at startup.
/// Each image is decoded (<see cref="ImagePreprocessor"/>), run through the graph (<see cref="GraphRunner"/>)
/// and assessed (<see cref="AssessmentPolicy"/>). An <see cref="InferenceGate"/> bounds how many images are decoded
/// and run at once (CPU oversubscription), how many decoded pixels are held at once (peak memory: a 40 MP image
/// decodes to 120-160 MB), and, in the service, how many requests wait and for how long. When the manifest lists a
/// segmentation graph, its <see cref="LesionSegmenter"/> is opened and warmed beside the classifier's graph, owned here
/// and freed only after the gate has closed, and run on the same model input when a request asks for the lesion. The
/// classifier's graph is opened twice: one thread per run for requests beside others, several for a request alone in
/// the gate (docs/decisions/0045-threads-for-a-lone-request.md).
/// </summary>
public sealed partial class SkinLesionClassifier : ISkinLesionClassifier, IDisposable
{
    private readonly ImagePreprocessor _preprocessor;
    private readonly AssessmentPolicy _policy;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SkinLesionClassifier> _logger;
    private readonly LesionSegmenter? _segmenter;
    private readonly SplitRunGraph _splitRuns;
    private bool _disposed;

    /// <param name="admission">
    /// The service's queue and pixel limits; null (the CLI, benchmarks) waits without limit and budgets
    /// one largest image per slot, which is what the slots alone allowed before.
    /// </param>
    /// <param name="siteProfile">
    /// The site's operating point (<see cref="SiteProfile.Read"/>); null keeps the manifest's. A profile made for another
    /// model is refused here, before the graph is opened, with a <see cref="SiteProfileException"/>.
    /// </param>
    public SkinLesionClassifier(
        ModelOptions modelOptions,
        ImageOptions imageOptions,
        TimeProvider timeProvider,
        ILogger<SkinLesionClassifier> logger,
        AdmissionOptions? admission = null,
        SiteProfile? siteProfile = null)
    {
        ArgumentNullException.ThrowIfNull(modelOptions);
        ArgumentNullException.ThrowIfNull(imageOptions);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _timeProvider = timeProvider;
        _logger = logger;

        var loader = ModelLoader.Verify(modelOptions);
        Manifest = loader.Manifest;
        Model = new ModelIdentity(Manifest.Name, Manifest.Version, Manifest.Sha256.ToLowerInvariant());
        OperatingPoint = siteProfile is null ? OperatingPoint.Shipped(Manifest) : OperatingPoint.ForSite(siteProfile, Model, Manifest.Uncertainty);
        _preprocessor = new ImagePreprocessor(imageOptions, Manifest.Input.Width, Manifest.Input.Height, timeProvider);

        // Opening the graph is native work in ONNX Runtime; reading the screening artifact and warming the decoders are
        // managed work (parsing, JIT) that needs nothing from it, so with a second core they overlap: time to ready is
        // what an orchestrator waits for on every start. Failures are reported in the order the steps had before.
        var screening = Task.Run(loader.LoadOutOfDistribution);
        var decoderWarmUp = Task.Run(_preprocessor.WarmUp);
        var segmentation = Task.Run(loader.OpenSegmenter);
        try
        {
            Graph = loader.OpenGraph(intraOpThreads: 1);
        }
        catch
        {
            Settle(screening, decoderWarmUp, segmentation);
            DisposeOpened(segmentation);
            throw;
        }

        try
        {
            OutOfDistribution = screening.GetAwaiter().GetResult();
            OperatingPoint.VerifyScreening(Manifest.OutOfDistribution, OutOfDistribution?.Head);
            WarmUpDuration = loader.WarmUp(Graph, OutOfDistribution, timeProvider);
            decoderWarmUp.GetAwaiter().GetResult();
            _segmenter = segmentation.GetAwaiter().GetResult();
        }
        catch
        {
            Settle(screening, decoderWarmUp, segmentation);
            DisposeOpened(segmentation);
            Graph.Dispose();
            throw;
        }

        _policy = new AssessmentPolicy(Manifest, OutOfDistribution, OperatingPoint);
        int slots = modelOptions.EffectiveMaxConcurrentInferences;
        Gate = admission is null
            ? new InferenceGate(slots, int.MaxValue, Timeout.InfiniteTimeSpan, slots * imageOptions.MaxPixels, timeProvider)
            : new InferenceGate(slots, admission.EffectiveMaxQueueLength(slots), admission.MaxQueueWait, admission.MaxDecodedPixels, timeProvider);
        int loneThreads = modelOptions.EffectiveIntraOpNumThreads;
        LogLoaded(loader.ModelPath, loneThreads, slots, imageOptions.JpegDecoder);
        _splitRuns = new SplitRunGraph(loader, loneThreads, timeProvider, logger);
    }

    /// <summary>
    /// Completes once the session that splits a lone request's run over several threads is open (or could not be
    /// opened, or none is configured); until then every request runs on one thread. Never faults.
    /// </summary>
    public Task SplitRunsReady => _splitRuns.Ready;

    /// <summary>Whether a request alone in the gate now runs on several threads (ADR 0045).</summary>
    public bool SplitsLoneRuns => _splitRuns.Graph is not null;

    public ModelManifest Manifest { get; }

    /// <summary>The distance checks fitted for this model; null when the manifest lists none (the checks are off).</summary>
    public OutOfDistributionModel? OutOfDistribution { get; }

    public ModelIdentity Model { get; }

    public OperatingPoint OperatingPoint { get; }

    public TimeSpan WarmUpDuration { get; }

    public string JpegDecoder => _preprocessor.JpegDecoderName;

    public bool CanSegment => _segmenter is not null;

    /// <summary>Admission to the inference slots: the service takes places in line here and reads the load.</summary>
    public InferenceGate Gate { get; }

    /// <summary>The graph this instance runs, one thread per run; disposed with it.</summary>
    internal GraphRunner Graph { get; }

    /// <summary>Reads only the header: format by magic bytes and dimensions, checked against the limits.</summary>
    /// <exception cref="ImageRejectedException">The bytes are not an acceptable image.</exception>
    internal ImageHeader Inspect(ReadOnlyMemory<byte> image)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _preprocessor.Inspect(image);
    }

    public Task<ClassificationResult> ClassifyAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default) =>
        ClassifyAsync(image, ClassificationRequest.Plain, cancellationToken);

    // The copy is made in the request's slot, after the answer: its time is the request's too, so the total includes it.
    private ClassificationResult WithDisplayCopy(ClassificationResult result, ReadOnlyMemory<byte> image, ImageHeader header)
    {
        long start = _timeProvider.GetTimestamp();
        var display = _preprocessor.DisplayCopyOf(image, header);
        double displayMs = _timeProvider.GetElapsedTime(start).TotalMilliseconds;
        return result with
        {
            Display = display,
            Timings = result.Timings with { DisplayMs = displayMs, TotalMs = result.Timings.TotalMs + displayMs },
        };
    }

    public async Task<ClassificationResult> ClassifyAsync(ReadOnlyMemory<byte> image, ClassificationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Disposed only when the service stops: a request that arrives then is refused for load, as one in line is.
        if (_disposed)
        {
            throw InferenceGate.ShuttingDown();
        }

        if (request.Segment && _segmenter is null)
        {
            throw new InvalidOperationException("Segmentation was requested, but the model's manifest lists no segmentation graph; check CanSegment first.");
        }

        bool explain = request.Explain;
        long start = _timeProvider.GetTimestamp();

        // Header checks are cheap and allocate little, so they run before queueing: a hostile
        // 20000x20000 PNG is refused without waiting for (or holding) an inference slot.
        var header = _preprocessor.Inspect(image);
        long inspected = _timeProvider.GetTimestamp();

        // The pixels the decoder will hold are charged before decoding, so those held at once never exceed the budget; a
        // display copy is decoded after the model's input, so the larger of the two is held at any one time.
        long charged = request.Display ? Math.Max(header.ChargedPixels, _preprocessor.DisplayChargedPixels(header)) : header.ChargedPixels;
        // A lease is granted only while the gate is open, and Dispose waits for every granted lease before it frees the
        // sessions, so a call admitted here runs to the end even when Dispose has begun (refusing it now would throw away
        // the slot Dispose is already waiting for).
        using var lease = await Gate.EnterAsync(charged, cancellationToken).ConfigureAwait(false);
        long admitted = _timeProvider.GetTimestamp();

        using var prepared = _preprocessor.Prepare(image, header);

        // The segmentation graph reads the same model input. Started on another thread first, it runs on a second core
        // while the classifier's graph runs on this one, so a segmented answer takes little longer than a plain one
        // (docs/decisions/0020-lesion-segmentation.md). It is always awaited before the slot is given back.
        var segmentation = request.Segment ? Task.Run(() => _segmenter!.Outline(prepared, _timeProvider)) : null;
        try
        {
            var result = await ClassifyPreparedAsync(prepared, explain, segmentation, start, inspected, admitted).ConfigureAwait(false);
            return request.Display ? WithDisplayCopy(result, image, header) : result;
        }
        finally
        {
            if (segmentation is not null)
            {
                await ((Task)segmentation).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<ClassificationResult> ClassifyPreparedAsync(PreparedImage prepared, bool explain, Task<(Lesion Lesion, double Milliseconds)>? segmentation, long start, long inspected, long admitted)
    {
        var header = prepared.Header;
        long inferenceStart = _timeProvider.GetTimestamp();
        // A request alone in the gate splits its run over the cores no other request is using (ADR 0045). Beside another
        // request, or beside its own segmentation, a split run would only contend for the same cores: one thread then.
        var split = _splitRuns.Graph;
        var graph = split is not null && segmentation is null && Gate.Running <= 1 ? split : Graph;
        var output = graph.Run(prepared.Pixels, withCam: explain && graph.CanExplain);
        output.ThrowIfNotFinite();
        long inferenceEnd = _timeProvider.GetTimestamp();
        var screening = _policy.Screen(prepared.Pixels.Span, output.Embedding, output.EarlyStatistics);
        long screened = _timeProvider.GetTimestamp();

        // The segmentation ran beside the classifier's graph; a segmented answer's total includes the wait for it.
        (Lesion Lesion, double Milliseconds)? segmented = segmentation is null ? null : await segmentation.ConfigureAwait(false);
        long end = segmented is null ? screened : _timeProvider.GetTimestamp();

        // Reading the header is part of decoding; waiting for a slot is reported on its own.
        var timings = new ClassificationTimings(
            QueueMs: _timeProvider.GetElapsedTime(inspected, admitted).TotalMilliseconds,
            DecodeMs: (_timeProvider.GetElapsedTime(start, inspected) + prepared.Decode).TotalMilliseconds,
            PreprocessMs: prepared.Preprocess.TotalMilliseconds,
            InferenceMs: _timeProvider.GetElapsedTime(inferenceStart, inferenceEnd).TotalMilliseconds,
            TotalMs: _timeProvider.GetElapsedTime(start, end).TotalMilliseconds)
        {
            ScreeningMs = _timeProvider.GetElapsedTime(inferenceEnd, screened).TotalMilliseconds,
            SegmentationMs = segmented?.Milliseconds,
        };
        var result = BuildResult(header, output.Probabilities, timings, screening) with { Embedding = output.Embedding, EarlyStatistics = output.EarlyStatistics };

        // A rejected image is not a dermoscopic lesion: its outline is dropped, as its diagnosis is.
        if (segmented is { } segment && result.Assessment.Status != AssessmentStatus.Rejected)
        {
            result = result with { Lesion = segment.Lesion };
        }

        long beforeExplanation = _timeProvider.GetTimestamp();
        if (output.Cam is not { } cam)
        {
            return result;
        }

        var explanation = Explain(prepared.Pixels, cam, result.Prediction);
        return result with { Explanation = explanation, ExplanationMs = _timeProvider.GetElapsedTime(beforeExplanation).TotalMilliseconds };
    }

    /// <summary>The explanation of the reported class, drawn over the model-input pixels.</summary>
    private ClassExplanation Explain(ReadOnlyMemory<byte> pixels, CamOutput cam, ClassProbability prediction) =>
        ClassActivationMap.Explain(pixels, Manifest.Input.Width, Manifest.Input.Height, cam.Channel(prediction.Index), cam.Width, cam.Height, prediction.Index, prediction.Code,
            ClassActivationMap.GridSpan(cam.Width, Manifest.Input, Manifest.CamStride), ClassActivationMap.GridSpan(cam.Height, Manifest.Input, Manifest.CamStride));

    internal ClassificationResult BuildResult(ImageHeader header, float[] probabilities, ClassificationTimings timings, ScreeningScores screening)
    {
        var (classes, top, verdict) = _policy.Decide(probabilities);
        return new ClassificationResult(Model, header, classes, top, verdict, timings) { Assessment = _policy.Assess(screening, top, verdict), OperatingPoint = OperatingPoint };
    }
}
