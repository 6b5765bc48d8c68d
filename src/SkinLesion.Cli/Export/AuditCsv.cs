using System.Globalization;
using SkinLesion.Audit;

namespace SkinLesion.Cli.Export;

/// <summary>
/// RFC 4180 CSV of audit records: a header of the table's column names, then one line per record; empty for null. A text
/// cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return; a client's name
/// comes from an identity provider's subject) gets a leading apostrophe, as OWASP advises for CSV; numbers and times are
/// written as they are. The JSON Lines export is the exact copy.
/// </summary>
internal static class AuditCsv
{
    public static Task WriteHeaderAsync(TextWriter writer) => writer.WriteAsync(string.Join(',', AuditColumns.Names) + "\r\n");

    public static Task WriteAsync(TextWriter writer, AuditRecord record) =>
        writer.WriteAsync(string.Join(',', AuditColumns.Values(record).Select(Field)) + "\r\n");

    private static string Field(object? value) => value switch
    {
        null => string.Empty,
        DateTimeOffset time => AuditColumns.FormatTime(time),
        float number => number.ToString("R", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        string text => Quote(text),
        _ => Quote(value.ToString() ?? string.Empty),
    };

    private static string Quote(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
