using System.Text;

namespace SkinLesion.Cli.Data;

/// <summary>
/// A small RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF). Label and split files are a
/// few hundred kilobytes, so reading them whole is fine; blank lines are skipped.
/// </summary>
internal static class Csv
{
    public static IReadOnlyList<CsvRow> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<CsvRow>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1;
        int rowStart = 1;
        for (int i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    i = ReadQuoted(text, i + 1, field, ref line);
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRow(rows, fields, field, rowStart);
                    line++;
                    rowStart = line;
                    break;
                default:
                    field.Append(text[i]);
                    break;
            }
        }

        EndRow(rows, fields, field, rowStart);
        return rows;
    }

    /// <summary>
    /// Appends a quoted run, from <paramref name="start"/> (after the opening quote) to the closing quote, whose
    /// index it returns (the text's length when the quote is never closed); counts the line breaks inside it.
    /// </summary>
    private static int ReadQuoted(string text, int start, StringBuilder field, ref int line)
    {
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '"')
            {
                line += c == '\n' ? 1 : 0;
                field.Append(c);
            }
            else if (i + 1 < text.Length && text[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else
            {
                return i;
            }
        }

        return text.Length;
    }

    private static void EndRow(List<CsvRow> rows, List<string> fields, StringBuilder field, int rowStart)
    {
        fields.Add(field.ToString());
        field.Clear();
        if (fields.Count > 1 || fields[0].Trim().Length > 0)
        {
            rows.Add(new CsvRow(rowStart, [.. fields]));
        }

        fields.Clear();
    }
}
