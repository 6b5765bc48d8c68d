using System.Diagnostics.Metrics;
using SkinLesion.Inference;
using SkinLesion.Inference.Admission;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Telemetry;

/// <summary>
/// The service's own instruments (docs/decisions/0016-metrics-and-kubernetes.md), exported at GET /metrics and,
/// when configured, over OTLP. Tags carry only bounded, non-identifying values: status, verdict, reason codes,
/// problem types, stages, channel and model version. Never a request id, a client, a file name or an image figure.
/// </summary>
public sealed class ServiceMetrics
{
    public const string MeterName = "SkinLesion";

    /// <summary>Every assessed image by status, verdict and reason codes (Prometheus: skinlesion_assessments_total).</summary>
    public const string AssessmentsName = "skinlesion.assessments";

    /// <summary>Answers that refused the request (4xx, audit-unavailable) by problem type (skinlesion_refusals_total).</summary>
    public const string RefusalsName = "skinlesion.refusals";

    /// <summary>Requests shed for load, 503 service-busy or 429, by reason (skinlesion_load_refusals_total).</summary>
    public const string LoadRefusalsName = "skinlesion.load.refusals";

    /// <summary>Seconds per stage of a classification (skinlesion_classification_stage_duration_seconds).</summary>
    public const string StageDurationName = "skinlesion.classification.stage.duration";

    /// <summary>Requests waiting for an inference slot now (skinlesion_inference_queue_length).</summary>
    public const string QueueLengthName = "skinlesion.inference.queue.length";

    /// <summary>Waiting places in the line (skinlesion_inference_queue_capacity).</summary>
    public const string QueueCapacityName = "skinlesion.inference.queue.capacity";

    /// <summary>Inferences running now (skinlesion_inference_running).</summary>
    public const string RunningName = "skinlesion.inference.running";

    /// <summary>Inference slots (skinlesion_inference_slots).</summary>
    public const string SlotsName = "skinlesion.inference.slots";

    /// <summary>Always 1, labelled with the served model's name and version and its operating point (skinlesion_model_info).</summary>
    public const string ModelInfoName = "skinlesion.model.info";

    private readonly Counter<long> _assessments;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _loadRefusals;
    private readonly Histogram<double> _stageDuration;
    private readonly string _modelVersion;

    public ServiceMetrics(IMeterFactory meterFactory, ISkinLesionClassifier classifier, InferenceGate gate)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(gate);
        var meter = meterFactory.Create(MeterName);
        var model = classifier.Model;
        _modelVersion = model.Version;

        _assessments = meter.CreateCounter<long>(AssessmentsName, "{assessment}", "Images assessed, by status, verdict and reason codes.");
        _refusals = meter.CreateCounter<long>(RefusalsName, "{request}", "Requests refused with a problem (bad upload, undecodable image, audit store unavailable), by problem type.");
        _loadRefusals = meter.CreateCounter<long>(LoadRefusalsName, "{request}", "Requests shed for load: 503 service-busy and 429 too-many-requests, by reason.");
        _stageDuration = meter.CreateHistogram<double>(StageDurationName, "s", "Server-side duration of each stage of a classification.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

        // Observed at scrape time from the gate's own snapshot, so the numbers are those readiness reads.
        meter.CreateObservableGauge(QueueLengthName, () => gate.Load.Waiting, "{request}", "Requests waiting for an inference slot.");
        meter.CreateObservableGauge(QueueCapacityName, () => gate.MaxQueueLength, "{request}", "Waiting places in front of the inference slots.");
        meter.CreateObservableGauge(RunningName, () => gate.Load.Running, "{inference}", "Inferences running.");
        meter.CreateObservableGauge(SlotsName, () => gate.Slots, "{inference}", "Inference slots (inferences allowed at once).");
        var operatingPoint = classifier.OperatingPoint;
        meter.CreateObservableGauge(ModelInfoName,
            () => new Measurement<int>(1, new("model_name", model.Name), new("model_version", model.Version),
                new("operating_point", operatingPoint.Kind), new("operating_point_name", operatingPoint.Name), new("operating_point_version", operatingPoint.Version)),
            description: "The served model: always 1, labelled with its name and version and the operating point its verdicts use (shipped or site, name, version).");
    }

    /// <summary>An image the model assessed (classified, uncertain or rejected by the screening), with its stage timings.</summary>
    public void Assessed(ClassificationResult result, string channel)
    {
        ArgumentNullException.ThrowIfNull(result);
        var assessment = result.Assessment;

        // A rejected image gets no verdict in its answer, so none is counted for it either.
        string verdict = assessment.Status == AssessmentStatus.Rejected ? "none" : result.Verdict.Label;
        string reasons = assessment.Reasons.Count == 0 ? "none" : string.Join(',', assessment.Reasons.Order(StringComparer.Ordinal));
        _assessments.Add(1,
            new("status", assessment.StatusName), new("verdict", verdict), new("reason", reasons),
            new("channel", channel), new("model_version", _modelVersion));

        var timings = result.Timings;
        RecordStage("queue", timings.QueueMs);
        RecordStage("decode", timings.DecodeMs);
        RecordStage("geometry", timings.PreprocessMs);
        RecordStage("inference", timings.InferenceMs);
        RecordStage("screening", timings.ScreeningMs);
        if (timings.SegmentationMs is { } segmentation)
        {
            RecordStage("segmentation", segmentation);
        }

        if (timings.DisplayMs is { } display)
        {
            RecordStage("display", display);
        }

        RecordStage("total", timings.TotalMs);
    }

    /// <summary>A request refused with a problem that is about the request, not about load.</summary>
    public void Refused(RefusalCause cause, string channel)
    {
        ArgumentNullException.ThrowIfNull(cause);
        _refusals.Add(1, new("type", cause.Code), new("http.response.status_code", cause.Status), new("channel", channel));
    }

    /// <summary>A request shed for load by the classifier's gate (after the upload was read).</summary>
    public void Busy(BusyReason reason, string channel) =>
        LoadRefused(reason switch
        {
            BusyReason.QueueFull => LoadRefusalReasons.QueueFull,
            BusyReason.ShuttingDown => LoadRefusalReasons.ShuttingDown,
            _ => LoadRefusalReasons.WaitTooLong,
        }, channel);

    /// <summary>A request shed for load: see <see cref="LoadRefusalReasons"/>.</summary>
    public void LoadRefused(string reason, string channel)
    {
        int status = reason is LoadRefusalReasons.RateLimited or LoadRefusalReasons.ClientShare ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
        _loadRefusals.Add(1, new("reason", reason), new("http.response.status_code", status), new("channel", channel));
    }

    private void RecordStage(string stage, double milliseconds) =>
        _stageDuration.Record(milliseconds / 1000, new KeyValuePair<string, object?>("stage", stage));
}
