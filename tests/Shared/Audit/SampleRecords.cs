using SkinLesion.Audit;

namespace SkinLesion.Tests.Shared.Audit;

/// <summary>Records shaped like the service's answers: an uncertain classification at a site's operating point and a refusal at the shipped one.</summary>
internal static class SampleRecords
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public static AuditRecord Uncertain(string requestId, DateTimeOffset recorded) => new()
    {
        RecordedUtc = AuditRecord.ToStoredPrecision(recorded),
        RequestId = requestId,
        Client = "radiology-pacs",
        ClientKind = "ApiKey",
        Channel = AuditChannels.Api,
        Status = AuditStatuses.Uncertain,
        HttpStatus = 200,
        ReasonCodes = ["low-confidence", "borderline-malignancy"],
        Image = new AuditImage(new string('a', 64), "jpeg", 200, 150, 3515),
        Model = new AuditModel("skin-lesion-mobilenetv2", "2.0.0", new string('f', 64)),
        ScreeningArtifactVersion = "2.0.0",
        TopClass = "df",
        Probabilities = new AuditProbabilities(0.31067857f, 0.42113274f, 0.13664299f, 0.010226501f, 0.022059947f, 0.09840873f, 0.0008505038f),
        Verdict = new AuditVerdict("malignant", 0.355497, 0.04667),
        Timings = new AuditTimings(0, 0.29, 0.04, 17.02, 2.03, 19.4),
        OperatingPoint = new AuditOperatingPoint("site", "St Example dermatology", "2026-11-30.1"),
    };

    public static AuditRecord Refused(string requestId, DateTimeOffset recorded) => new()
    {
        RecordedUtc = AuditRecord.ToStoredPrecision(recorded),
        RequestId = requestId,
        Client = "anonymous",
        ClientKind = "anonymous",
        Channel = AuditChannels.Page,
        Status = AuditStatuses.Refused,
        HttpStatus = 415,
        ProblemType = "https://skinlesion.example/problems/unsupported-media-type",
        Image = new AuditImage(new string('b', 64), null, null, null, 4096),
        Model = new AuditModel("skin-lesion-mobilenetv2", "2.0.0", new string('f', 64)),
        ScreeningArtifactVersion = "2.0.0",
        OperatingPoint = new AuditOperatingPoint("shipped", "skin-lesion-mobilenetv2", "2.0.0"),
    };
}
