using System.Text;

namespace SkinLesion.Cli.Data;

/// <summary>
/// A small RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF). Label and split files are a
/// few hundred kilobytes, so reading them whole is fine; blank lines are skipped. A quote opens a quoted field only at
/// the field's start (elsewhere it is a character), and a quoted field never closed is an error: read on, it would
/// swallow every later row into one field and the file would silently lose them.
/// </summary>
internal static class Csv
{
    /// <param name="source">Shown in error messages (the file's path).</param>
    /// <exception cref="InputFileException">A quoted field is never closed.</exception>
    public static IReadOnlyList<CsvRow> Parse(string text, string source)
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
                case '"' when field.Length == 0:
                    int opened = line;
                    i = ReadQuoted(text, i + 1, field, ref line);
                    if (i == text.Length)
                    {
                        throw new InputFileException($"'{source}' line {opened}: a field opens with a quote that is never closed. Close it, or double a quote that belongs in the text (\"\").");
                    }

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
