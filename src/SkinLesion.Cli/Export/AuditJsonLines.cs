using System.Text.Encodings.Web;
using System.Text.Json;
using SkinLesion.Audit;

namespace SkinLesion.Cli.Export;

/// <summary>JSON Lines of audit records: one object per line, keyed by the table's column names, numbers as numbers.</summary>
internal static class AuditJsonLines
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(TextWriter writer, AuditRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            foreach (var (name, value) in AuditColumns.Names.Zip(AuditColumns.Values(record)))
            {
                switch (value)
                {
                    case null: json.WriteNull(name); break;
                    case DateTimeOffset time: json.WriteString(name, AuditColumns.FormatTime(time)); break;
                    case float number: json.WriteNumber(name, number); break;
                    case double number: json.WriteNumber(name, number); break;
                    case int number: json.WriteNumber(name, number); break;
                    case long number: json.WriteNumber(name, number); break;
                    default: json.WriteString(name, value.ToString()); break;
                }
            }

            json.WriteEndObject();
        }

        await writer.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n");
    }
}
