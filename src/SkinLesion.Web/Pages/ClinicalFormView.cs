using System.Globalization;
using SkinLesion.Web.Clinical;

namespace SkinLesion.Web.Pages;

/// <summary>
/// The upload form's clinical fields as the page shows them: the inputs the model's manifest defines (none without a
/// <c>clinical</c> section), the values the form was sent with, kept when the page comes back with a refusal so that
/// nothing typed is lost, and each refused field's message.
/// </summary>
/// <param name="Hint">Why this model version does not use the fields.</param>
/// <param name="Age">The age range, or null when the model takes no age.</param>
/// <param name="AgeValue">The age as the form sent it, even when refused (empty when longer than any age could be).</param>
/// <param name="Sexes">The sex choices, after "Not given".</param>
/// <param name="Sites">The body-site choices, after "Not given".</param>
/// <param name="Errors">Each refused field's messages; empty unless the page answers a refusal of the clinical data.</param>
public sealed record ClinicalFormView(
    string Hint,
    ManifestAgeField? Age,
    string AgeValue,
    IReadOnlyList<ClinicalOption> Sexes,
    IReadOnlyList<ClinicalOption> Sites,
    IReadOnlyDictionary<string, string[]> Errors)
{
    // An age the form can send is a few characters; a crafted post of a megabyte of digits is refused, not echoed back
    // into the page it is refused on.
    private const int MaxEchoedAgeLength = 32;

    /// <summary>Whether the model accepts any clinical field, so that the fieldset is shown.</summary>
    public bool Shown => ClinicalFieldNames.All.Any(IsShown);

    public bool HasErrors => Errors.Count > 0;

    /// <summary>Messages for fields the form does not show: sent in the address, or not defined by this model.</summary>
    public IReadOnlyList<string> OtherErrors => [.. Errors.Where(error => !IsShown(error.Key)).SelectMany(error => error.Value).Select(Sentence)];

    /// <summary>The fields as the page shows them, with the values of <paramref name="form"/> when it was sent.</summary>
    public static ClinicalFormView From(ClinicalFields fields, IFormCollection? form = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        string Sent(string name) => form is null ? string.Empty : form[name].ToString().Trim();
        return new ClinicalFormView(
            fields.NotUsedStatement is { } statement ? statement + "." : string.Empty,
            fields.Age,
            Sent(ClinicalFieldNames.Age) is { Length: <= MaxEchoedAgeLength } age ? age : string.Empty,
            Options(fields.Sexes, Sent(ClinicalFieldNames.Sex)),
            Options(fields.Sites, Sent(ClinicalFieldNames.Site)),
            new Dictionary<string, string[]>());
    }

    /// <summary>"age, sex and body site": the fields a request gave, in words.</summary>
    public static string Describe(IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var words = fields.Select(name => name == ClinicalFieldNames.Site ? "body site" : name).ToList();
        return words.Count <= 1 ? string.Concat(words) : string.Join(", ", words.SkipLast(1)) + " and " + words[^1];
    }

    /// <summary>"Lower extremity" for "lower-extremity": the manifest's value in words.</summary>
    public static string Label(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return char.ToUpper(value[0], CultureInfo.InvariantCulture) + value[1..].Replace('-', ' ');
    }

    /// <summary>The field's messages as one text, or null when it was not refused.</summary>
    public string? Error(string name) => Errors.TryGetValue(name, out var messages) ? Sentence(string.Join(" ", messages)) : null;

    // The API's messages start with the field's name ("age must be ..."); beside the field a sentence reads better.
    private static string Sentence(string message) =>
        message.Length == 0 ? message : char.ToUpper(message[0], CultureInfo.InvariantCulture) + message[1..];

    private bool IsShown(string name) => name switch
    {
        ClinicalFieldNames.Age => Age is not null,
        ClinicalFieldNames.Sex => Sexes.Count > 0,
        ClinicalFieldNames.Site => Sites.Count > 0,
        _ => false,
    };

    private static List<ClinicalOption> Options(IReadOnlyList<string> values, string sent) =>
        [.. values.Select(value => new ClinicalOption(value, Label(value), string.Equals(value, sent, StringComparison.OrdinalIgnoreCase)))];
}
