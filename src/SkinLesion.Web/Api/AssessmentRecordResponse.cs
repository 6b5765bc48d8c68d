using System.Text.Json.Serialization;
using SkinLesion.Audit;

namespace SkinLesion.Web.Api;

/// <summary>
/// Response of GET /api/v1/assessments/{requestId}: the audit record of one answer. An assessed image's record holds
/// the figures the answer gave (a rejected image's holds none, as its answer gave none); a refusal's holds its HTTP
/// status and problem type.
/// </summary>
/// <param name="RequestId">The requestId of the answer.</param>
/// <param name="RecordedUtc">When the answer was recorded (UTC).</param>
/// <param name="Client">The authenticated client's name, or "anonymous".</param>
/// <param name="ClientKind">How it authenticated ("ApiKey", "Bearer", "OpenIdConnect"), or "anonymous".</param>
/// <param name="Channel">"api" or "page".</param>
/// <param name="Status">"classified", "uncertain", "rejected", or "refused" for an upload refused with a problem.</param>
/// <param name="HttpStatus">The status of the answer.</param>
/// <param name="ProblemType">Only for a refusal: the problem type it was answered with.</param>
/// <param name="ReasonCodes">The assessment's reason codes (rejected or uncertain), most decisive first.</param>
/// <param name="Image">Fingerprint, format and size of the upload.</param>
/// <param name="Model">The model that answered.</param>
/// <param name="ScreeningArtifactVersion">The screening artifact's version; null when the model ships none.</param>
/// <param name="TopClass">The reported class; only when classified or uncertain.</param>
/// <param name="Probabilities">The seven probabilities as answered; only when classified or uncertain.</param>
/// <param name="Verdict">The verdict as answered; only when classified or uncertain.</param>
/// <param name="Timings">Server-side durations as answered; only for an assessed image.</param>
/// <param name="OperatingPoint">The operating point in force (shipped or site, name and version); absent in records from before it was recorded.</param>
public sealed record AssessmentRecordResponse(
    string RequestId,
    DateTimeOffset RecordedUtc,
    string Client,
    string ClientKind,
    string Channel,
    string Status,
    int HttpStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProblemType,
    IReadOnlyList<string> ReasonCodes,
    RecordedImageInfo Image,
    ModelInfo Model,
    string? ScreeningArtifactVersion,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TopClass,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, float>? Probabilities,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VerdictInfo? Verdict,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TimingsInfo? Timings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RecordedOperatingPointInfo? OperatingPoint)
{
    public static AssessmentRecordResponse From(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var image = record.Image;
        var t = record.Timings;
        return new AssessmentRecordResponse(
            record.RequestId,
            record.RecordedUtc,
            record.Client,
            record.ClientKind,
            record.Channel,
            record.Status,
            record.HttpStatus,
            record.ProblemType,
            record.ReasonCodes,
            new RecordedImageInfo(image.Sha256, image.Format, image.Width, image.Height, image.Bytes),
            new ModelInfo(record.Model.Name, record.Model.Version, record.Model.Sha256),
            record.ScreeningArtifactVersion,
            record.TopClass,
            record.Probabilities?.ToDictionary(),
            record.Verdict is { } v ? new VerdictInfo(v.Label, v.MalignantProbability, v.Threshold) : null,
            t is null ? null : new TimingsInfo(t.QueueMs, t.DecodeMs, t.PreprocessMs, t.InferenceMs, t.ScreeningMs, t.TotalMs),
            record.OperatingPoint is { } o ? new RecordedOperatingPointInfo(o.Kind, o.Name, o.Version) : null);
    }
}
