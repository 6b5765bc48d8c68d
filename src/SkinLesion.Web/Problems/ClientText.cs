namespace SkinLesion.Web.Problems;

/// <summary>
/// What the client sent, as a refusal's detail may repeat it: quoted and shortened, so an answer never echoes an
/// unbounded string of the client's back.
/// </summary>
internal static class ClientText
{
    /// <summary>Longest piece of a client's text repeated; the rest is cut and marked with an ellipsis.</summary>
    public const int QuotedLength = 40;

    /// <summary>Names listed at the most; the others are counted.</summary>
    public const int ListedNames = 5;

    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + (value.Length > QuotedLength ? value[..QuotedLength] + "…" : value) + "'";
    }

    /// <summary>The distinct names, quoted, the first <see cref="ListedNames"/> of them and how many more.</summary>
    public static string List(IEnumerable<string> names)
    {
        var distinct = names.Distinct(StringComparer.Ordinal).ToList();
        string listed = string.Join(", ", distinct.Take(ListedNames).Select(Quote));
        return distinct.Count > ListedNames ? $"{listed} and {distinct.Count - ListedNames} more" : listed;
    }
}
