using System.Security.Cryptography;
using SkinLesion.Audit;
using SkinLesion.Inference;
using SkinLesion.Web.Api;
using SkinLesion.Web.Auth;
using SkinLesion.Web.Problems;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Auditing;

/// <summary>
/// The one place where an answer to an assessment request becomes an audit record, for the API and the clinician's
/// page alike: who asked (the authenticated name and scheme, or anonymous), the SHA-256 of the bytes in memory, the
/// image's format and size, the model and operating point, and what was answered, in the same figures the API answers with. A rejected
/// image's record carries no diagnosis, because none was given. Callers answer only when <c>TryRecord…</c> says the
/// record is committed; otherwise the client gets 503 audit-unavailable (no unrecorded answers).
/// </summary>
public sealed partial class AssessmentRecorder(IAuditStore store, ISkinLesionClassifier classifier, TimeProvider time, AuditWriteFailures failures, ILogger<AssessmentRecorder> logger)
{
    private readonly AuditModel _model = new(classifier.Model.Name, classifier.Model.Version, classifier.Model.Sha256);
    private readonly string? _screeningArtifactVersion = classifier.Manifest.OutOfDistribution?.Version;
    private readonly AuditOperatingPoint _operatingPoint = new(classifier.OperatingPoint.Kind, classifier.OperatingPoint.Name, classifier.OperatingPoint.Version);

    /// <summary>Records an assessed image (classified, uncertain or rejected); false when the record could not be written.</summary>
    public Task<bool> TryRecordAssessedAsync(HttpContext context, string channel, ReadOnlyMemory<byte> image, ClassificationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var assessment = result.Assessment;
        bool diagnosed = assessment.Status != AssessmentStatus.Rejected;
        var verdict = VerdictInfo.From(result.Verdict);
        var timings = TimingsInfo.From(result.Timings);
        var record = Record(context, channel, assessment.StatusName, StatusCodes.Status200OK) with
        {
            ReasonCodes = [.. assessment.Reasons],
            Image = new AuditImage(Sha256(image), ImageFormatNames.Of(result.Image.Format), result.Image.Width, result.Image.Height, image.Length),
            TopClass = diagnosed ? result.Prediction.Code : null,
            Probabilities = diagnosed ? AuditProbabilities.From(result.Probabilities.Select(p => KeyValuePair.Create(p.Code, p.Probability))) : null,
            Verdict = diagnosed ? new AuditVerdict(verdict.Label, verdict.MalignantProbability, verdict.Threshold) : null,
            Timings = new AuditTimings(timings.QueueMs, timings.DecodeMs, timings.PreprocessMs, timings.InferenceMs, timings.ScreeningMs, timings.TotalMs),
        };
        return TryAppendAsync(record);
    }

    /// <summary>
    /// Records a refusal (a 4xx problem) with its type; the image's fingerprint when its bytes were read, and its header
    /// size when the refusal was about size. False when the record could not be written.
    /// </summary>
    public Task<bool> TryRecordRefusedAsync(HttpContext context, string channel, RefusalCause cause, ReadOnlyMemory<byte> image, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(cause);
        var record = Record(context, channel, AuditStatuses.Refused, cause.Status) with
        {
            ProblemType = cause.Type,
            Image = new AuditImage(image.IsEmpty ? null : Sha256(image), null, width, height, image.Length),
        };
        return TryAppendAsync(record);
    }

    private AuditRecord Record(HttpContext context, string channel, string status, int httpStatus)
    {
        var caller = CallingClient.Of(context);
        return new AuditRecord
        {
            RecordedUtc = AuditRecord.ToStoredPrecision(time.GetUtcNow()),
            RequestId = context.TraceIdentifier,
            Client = caller.RecordedName,
            ClientKind = caller.Kind,
            Channel = channel,
            Status = status,
            HttpStatus = httpStatus,
            Image = new AuditImage(null, null, null, null, 0),
            Model = _model,
            ScreeningArtifactVersion = _screeningArtifactVersion,
            OperatingPoint = _operatingPoint,
        };
    }

    private async Task<bool> TryAppendAsync(AuditRecord record)
    {
        try
        {
            // Not the request's token: once an answer exists its record is written or the answer withheld, and the
            // store's own write timeout bounds the wait.
            await store.AppendAsync(record, CancellationToken.None);
            return true;
        }
        catch (AuditStoreException ex)
        {
            failures.Observe();
            LogNotRecorded(logger, record.RequestId, record.Channel, record.Status, ex);
            return false;
        }
    }

    private static string Sha256(ReadOnlyMemory<byte> image) => Convert.ToHexStringLower(SHA256.HashData(image.Span));

    [LoggerMessage(EventId = 15, Level = LogLevel.Error,
        Message = "Could not record request {RequestId} ({Channel}, {Status}) in the audit trail; answered 503 audit-unavailable instead")]
    private static partial void LogNotRecorded(ILogger logger, string requestId, string channel, string status, Exception exception);
}
