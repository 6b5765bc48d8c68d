using System.Data.Common;
using System.Globalization;

namespace SkinLesion.Audit;

/// <summary>
/// The assessments table's columns, in one order for inserting, reading and exporting: an export's columns are the
/// table's. Reason codes are one comma-separated text (codes never hold a comma); probabilities are seven columns. Columns
/// added by later migrations come last, as the table has them, so an export's earlier columns keep their positions.
/// </summary>
public static class AuditColumns
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "recorded_utc", "request_id", "client", "client_kind", "channel", "status", "http_status", "problem_type", "reason_codes",
        "image_sha256", "image_format", "image_width", "image_height", "image_bytes",
        "model_name", "model_version", "model_sha256", "screening_artifact_version",
        "top_class", .. AuditProbabilities.Codes.Select(code => "p_" + code), "malignant_probability", "threshold", "verdict",
        "queue_ms", "decode_ms", "preprocess_ms", "inference_ms", "screening_ms", "total_ms",
        "operating_point_kind", "operating_point_name", "operating_point_version",
    ];

    /// <summary>The text form of a time in SQLite and in exports: ISO 8601 UTC, fixed width (so text order is time order).</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>A record's values in <see cref="Names"/> order; null where the record has none.</summary>
    public static IReadOnlyList<object?> Values(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var p = record.Probabilities;
        var t = record.Timings;
        return
        [
            record.RecordedUtc, record.RequestId, record.Client, record.ClientKind, record.Channel, record.Status, record.HttpStatus, record.ProblemType,
            string.Join(',', record.ReasonCodes),
            record.Image.Sha256, record.Image.Format, record.Image.Width, record.Image.Height, record.Image.Bytes,
            record.Model.Name, record.Model.Version, record.Model.Sha256, record.ScreeningArtifactVersion,
            record.TopClass, .. p is null ? Enumerable.Repeat<object?>(null, AuditProbabilities.Codes.Count) : p.Values.Select(v => (object?)v),
            record.Verdict?.MalignantProbability, record.Verdict?.Threshold, record.Verdict?.Label,
            t?.QueueMs, t?.DecodeMs, t?.PreprocessMs, t?.InferenceMs, t?.ScreeningMs, t?.TotalMs,
            record.OperatingPoint?.Kind, record.OperatingPoint?.Name, record.OperatingPoint?.Version,
        ];
    }

    /// <summary>Reads a row selected as <see cref="Names"/>; <paramref name="readTime"/> reads the engine's time column.</summary>
    internal static AuditRecord Read(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        int column = 0;
        string? Text() => reader.IsDBNull(column) ? Skip<string>() : reader.GetString(column++);
        int? Int() => reader.IsDBNull(column) ? Skip<int?>() : Convert.ToInt32(reader.GetValue(column++), CultureInfo.InvariantCulture);
        double? Real() => reader.IsDBNull(column) ? Skip<double?>() : Convert.ToDouble(reader.GetValue(column++), CultureInfo.InvariantCulture);
        T? Skip<T>()
        {
            column++;
            return default;
        }

        var recorded = readTime(reader, column++);
        var record = new AuditRecord
        {
            RecordedUtc = recorded,
            RequestId = Text()!,
            Client = Text()!,
            ClientKind = Text()!,
            Channel = Text()!,
            Status = Text()!,
            HttpStatus = Int()!.Value,
            ProblemType = Text(),
            ReasonCodes = Text() is { Length: > 0 } codes ? codes.Split(',') : [],
            Image = new AuditImage(Text(), Text(), Int(), Int(), Convert.ToInt64(reader.GetValue(column++), CultureInfo.InvariantCulture)),
            Model = new AuditModel(Text()!, Text()!, Text()!),
            ScreeningArtifactVersion = Text(),
            TopClass = Text(),
        };
        var probabilities = AuditProbabilities.Codes.Select(_ => Real()).ToList();
        var (malignant, threshold, label) = (Real(), Real(), Text());
        var timings = Enumerable.Range(0, 6).Select(_ => Real()).ToList();
        var (kind, name, version) = (Text(), Text(), Text());
        return record with
        {
            // Probabilities were appended as float32; reading them back as float gives the very same values.
            Probabilities = probabilities.All(p => p.HasValue) ? AuditProbabilities.FromValues([.. probabilities.Select(p => (float)p!.Value)]) : null,
            Verdict = label is null ? null : new AuditVerdict(label, malignant!.Value, threshold!.Value),
            Timings = timings.All(t => t.HasValue) ? new AuditTimings(timings[0]!.Value, timings[1]!.Value, timings[2]!.Value, timings[3]!.Value, timings[4]!.Value, timings[5]!.Value) : null,
            OperatingPoint = kind is null ? null : new AuditOperatingPoint(kind, name!, version!),
        };
    }
}
