using System.Net;
using System.Text.RegularExpressions;

namespace SkinLesion.Web.Tests;

/// <summary>How the page tests read the pages: one definition of each part they look for.</summary>
internal static partial class PageText
{
    /// <summary>The page's HTML with entities decoded, as the assertions read it.</summary>
    public static async Task<string> BodyAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>The text from <paramref name="start"/> up to the first <paramref name="end"/> after it; asserts both are there.</summary>
    public static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' not found");
        var to = text.IndexOf(end, from + start.Length, StringComparison.Ordinal);
        Assert.True(to >= 0, $"'{end}' not found after '{start}'");
        return text[from..to];
    }

    /// <summary>The antiforgery field of a page's form; group "token" holds its (HTML-encoded) value.</summary>
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    public static partial Regex AntiforgeryToken();

    /// <summary>One class's bar on the result page; group "p" holds its probability as the server wrote it.</summary>
    [GeneratedRegex("data-code=\"[a-z]+\" data-probability=\"(?<p>[0-9.E-]+)\"")]
    public static partial Regex ClassBar();

    /// <summary>The result page's request id; group "id".</summary>
    [GeneratedRegex("<dd id=\"request-id\">(?<id>[^<]+)</dd>")]
    public static partial Regex RequestId();
}
