using SkinLesion.Inference;
using SkinLesion.Inference.Admission;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Api;

/// <summary>
/// The log lines of a classification, shared by the API and the clinician's page so both paths log
/// the same facts. Structured fields only: never the file name, the bytes, metadata read from the image, or what
/// the model said about the lesion (class, probabilities, verdict). Logs travel further than the audit trail (to the
/// console, a collector); the answer itself is kept there, under its request id, for whoever may read it.
/// </summary>
internal static partial class ClassificationLog
{
    [LoggerMessage(EventId = 10, Level = LogLevel.Information,
        Message = "Classified request {RequestId}: status {Status} (reasons: {ReasonCodes}), {ByteSize} bytes, {Width}x{Height} px, model {ModelVersion}; screening distance {DistanceScore:F1} (threshold {DistanceThreshold:F1}), early {EarlyScore:F1} (threshold {EarlyThreshold:F1}), head {HeadScore:F3} (threshold {HeadThreshold:F3}), texture {Texture:F3} (minimum {TextureMinimum}), chroma {Chroma:F2} (minimum {ChromaMinimum}); queue {QueueMs:F1} ms, decode {DecodeMs:F1} ms, preprocess {PreprocessMs:F1} ms, inference {InferenceMs:F1} ms, screening {ScreeningMs:F1} ms, display copy {DisplayMs:F1} ms, total {TotalMs:F1} ms")]
    private static partial void LogClassified(ILogger logger, string requestId, string status, string reasonCodes, int byteSize, int width, int height, string modelVersion,
        double? distanceScore, double? distanceThreshold, double? earlyScore, double? earlyThreshold, double? headScore, double? headThreshold, double texture, double textureMinimum, double chroma, double chromaMinimum,
        double queueMs, double decodeMs, double preprocessMs, double inferenceMs, double screeningMs, double displayMs, double totalMs);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information,
        Message = "Rejected upload {RequestId}: {Reason}, {ByteSize} bytes read")]
    internal static partial void UploadRejected(ILogger logger, string requestId, UploadRejectionReason reason, int byteSize);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information,
        Message = "Rejected image {RequestId}: {Reason}, {ByteSize} bytes, header size {Width}x{Height}")]
    internal static partial void ImageRejected(ILogger logger, string requestId, ImageRejectionReason reason, int byteSize, int? width, int? height);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information,
        Message = "Refused form post {RequestId}: the antiforgery token is missing or invalid")]
    internal static partial void AntiforgeryRejected(ILogger logger, string requestId);

    /// <summary>Every assessed image, whatever its status, with the screening's scores, so refusals can be followed in the logs.</summary>
    internal static void Classified(ILogger logger, string requestId, int byteSize, ClassificationResult result)
    {
        var assessment = result.Assessment;
        var screening = assessment.Screening;
        LogClassified(logger, requestId, assessment.StatusName, assessment.Reasons.Count == 0 ? "none" : string.Join(',', assessment.Reasons),
            byteSize, result.Image.Width, result.Image.Height, result.Model.Version,
            screening.DistanceScore, screening.DistanceThreshold, screening.EarlyScore, screening.EarlyThreshold, screening.HeadScore, screening.HeadThreshold, screening.Texture, screening.TextureMinimum, screening.Chroma, screening.ChromaMinimum,
            result.Timings.QueueMs, result.Timings.DecodeMs, result.Timings.PreprocessMs, result.Timings.InferenceMs, result.Timings.ScreeningMs, result.Timings.DisplayMs ?? 0, result.Timings.TotalMs);
    }

    /// <summary>
    /// <see cref="Classified"/> and <see cref="Segmented"/>, written once the answer has been sent: a line of about 3 KB
    /// of JSON costs some 0.15 ms that the client need not wait for (ADR 0027). The request's logging scope, with its
    /// RequestId, still holds when the response's completion callbacks run.
    /// </summary>
    internal static void AfterResponse(HttpResponse response, ILogger logger, string requestId, int byteSize, ClassificationResult result) =>
        response.OnCompleted(() =>
        {
            Classified(logger, requestId, byteSize, result);
            Segmented(logger, requestId, result);
            return Task.CompletedTask;
        });

    /// <summary>The refused fields by name: their values are health data and are never logged.</summary>
    [LoggerMessage(EventId = 18, Level = LogLevel.Information,
        Message = "Refused clinical data {RequestId}: field(s) {Fields} cannot be used, {ByteSize} bytes read; the image was not classified")]
    internal static partial void ClinicalDataRejected(ILogger logger, string requestId, IReadOnlyList<string> fields, int byteSize);

    [LoggerMessage(EventId = 16, Level = LogLevel.Information,
        Message = "Refused request {RequestId} before reading its upload: {ProblemCode}")]
    internal static partial void RequestRefused(ILogger logger, string requestId, string problemCode);

    [LoggerMessage(EventId = 17, Level = LogLevel.Information,
        Message = "Segmented request {RequestId}: lesion found {Found} ({NotFoundReason}), border contact {BorderContact:F3}, {OutlineVertices} outline vertices; segmentation {SegmentationMs:F1} ms")]
    private static partial void LogSegmented(ILogger logger, string requestId, bool found, string notFoundReason, double borderContact, int outlineVertices, double segmentationMs);

    /// <summary>What the segmentation found, without any figure of the lesion itself (no measures: they describe the patient's skin).</summary>
    internal static void Segmented(ILogger logger, string requestId, ClassificationResult result)
    {
        if (result.Lesion is { } lesion)
        {
            LogSegmented(logger, requestId, lesion.Found, lesion.NotFoundReason ?? "none", lesion.BorderContact, lesion.Outline.Count, result.Timings.SegmentationMs ?? 0);
        }
    }

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning,
        Message = "Refused request {RequestId} for load ({Reason}), {ByteSize} bytes; Retry-After {RetryAfterSeconds} s")]
    internal static partial void Busy(ILogger logger, string requestId, BusyReason reason, int byteSize, double retryAfterSeconds);
}
