using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Clinical;

/// <summary>
/// The clinical fields the loaded model accepts, read from its manifest (section <c>clinical</c>, the one owner of the
/// accepted values), the check of a request's values against them, and what the service says about their use
/// (docs/decisions/0021-clinical-data-accepted-not-used.md). A field arrives as a query parameter or a form field of the
/// same name; an empty value is the same as leaving it out. Values are matched without regard to case and with
/// surrounding white space ignored. This service version runs no fusion graph (a manifest that names one is refused at
/// startup), so a field is checked and reported as received, never used: the answer is the image's alone.
/// </summary>
public sealed partial class ClinicalFields
{
    private readonly ManifestClinical? _clinical;
    private readonly string _model;

    public ClinicalFields(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        _clinical = manifest.Clinical;
        _model = $"{manifest.Name} {manifest.Version}";
        if (_clinical is { } clinical)
        {
            var gain = clinical.ValidationGain;
            GainText = string.Create(CultureInfo.InvariantCulture,
                $"balanced accuracy {gain.BalancedAccuracy:+0.0000;-0.0000;0.0000}, malignant AUC {gain.MalignantAuc:+0.0000;-0.0000;0.0000}");
            NotUsedStatement = $"Model {manifest.Version} does not use clinical data: on validation, adding it did not improve the assessment enough to be used ({GainText})";
        }

        // The manifest is fixed for the process, so everything said about it is said once.
        Accepted = [.. ClinicalFieldNames.All.Where(IsAccepted)];
        Reason = NotUsedStatement is null ? string.Empty : NotUsedStatement + "; see /model.";
        AcceptedSummary = string.Join("; ", Accepted.Select(name => name == ClinicalFieldNames.Age
            ? string.Create(CultureInfo.InvariantCulture, $"age: whole years from {Age!.Minimum} to {Age.Maximum}")
            : $"{name}: {AcceptedText(name)}"));
    }

    /// <summary>Whether the manifest has a <c>clinical</c> section; without one every field is refused.</summary>
    public bool Defined => _clinical is not null;

    /// <summary>The age range, or null when the model takes no age.</summary>
    public ManifestAgeField? Age => _clinical?.Fields.Age;

    /// <summary>The accepted sexes, in manifest order; empty when the model takes none.</summary>
    public IReadOnlyList<string> Sexes => _clinical?.Fields.Sex ?? [];

    /// <summary>The accepted body sites, in manifest order; empty when the model takes none.</summary>
    public IReadOnlyList<string> Sites => _clinical?.Fields.Site ?? [];

    /// <summary>The fields this model accepts, in <see cref="ClinicalFieldNames.All"/> order.</summary>
    public IReadOnlyList<string> Accepted { get; }

    /// <summary>
    /// Why the fields are not used, from the manifest's decision and measured gain ("Model 2.2.0 does not use clinical
    /// data: ..."), without a closing full stop; null when the model defines no fields.
    /// </summary>
    public string? NotUsedStatement { get; }

    /// <summary>"balanced accuracy -0.0282, malignant AUC +0.0020": the study's validation gain; null without a clinical section.</summary>
    public string? GainText { get; }

    /// <summary>What a response's <c>clinical.reason</c> says: the statement and where the study is shown.</summary>
    public string Reason { get; }

    /// <summary>
    /// Checks the fields a request sent in its query and its form, and returns the names of those it gave (empty: none).
    /// A field given twice, in one place or both, must have one value.
    /// </summary>
    /// <exception cref="ClinicalDataRejectedException">A field is not accepted by this model, or its value is not.</exception>
    public IReadOnlyList<string> Check(IEnumerable<KeyValuePair<string, StringValues>> query, IEnumerable<KeyValuePair<string, StringValues>> form)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(form);
        var given = new List<string>();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var name in ClinicalFieldNames.All)
        {
            var values = Values(query, name, "query").Concat(Values(form, name, "form")).ToList();
            if (values.Count == 0)
            {
                continue;
            }

            given.Add(name);
            if (FieldError(name, values) is { } error)
            {
                errors[name] = [error];
            }
        }

        return errors.Count == 0 ? given : throw new ClinicalDataRejectedException(errors);
    }

    /// <summary>"age: whole years from 0 to 120; sex: female, male; site: abdomen, ...": every accepted field and its values.</summary>
    public string AcceptedSummary { get; }

    /// <summary>The accepted values of a choice field ("female, male"), for messages and documentation.</summary>
    public string AcceptedText(string name) => string.Join(", ", Choices(name));

    private bool IsAccepted(string name) => name switch
    {
        ClinicalFieldNames.Age => Age is not null,
        _ => Choices(name).Count > 0,
    };

    private IReadOnlyList<string> Choices(string name) => name switch
    {
        ClinicalFieldNames.Sex => Sexes,
        ClinicalFieldNames.Site => Sites,
        _ => [],
    };

    private string? FieldError(string name, List<(string Value, string Source)> values)
    {
        if (!IsAccepted(name))
        {
            return _clinical is null
                ? $"{name} is not accepted: model {_model} defines no clinical fields (its manifest has no 'clinical' section). Send the image without it."
                : $"{name} is not accepted: model {_model} defines no {name} field (it accepts {string.Join(", ", Accepted)}). Send the image without it.";
        }

        var normalized = new List<(string Value, string Source)>();
        foreach (var (value, source) in values)
        {
            var (accepted, error) = name == ClinicalFieldNames.Age ? CheckAge(value) : CheckChoice(name, value);
            if (error is not null)
            {
                return error;
            }

            normalized.Add((accepted!, source));
        }

        var distinct = normalized.DistinctBy(entry => entry.Value, StringComparer.Ordinal).ToList();
        return distinct.Count == 1
            ? null
            : $"{name} was given more than once with different values ({string.Join(", ", distinct.Select(entry => $"{ClientText.Quote(entry.Value)} in the {entry.Source}"))}); give it once.";
    }

    private (string? Value, string? Error) CheckAge(string value)
    {
        var range = Age!;
        string expected = string.Create(CultureInfo.InvariantCulture, $"age must be a whole number of years from {range.Minimum} to {range.Maximum}");
        if (WholeNumber().IsMatch(value))
        {
            // Only an overflow fails to parse here; such a number is out of range on the side of its sign.
            long years = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : value.StartsWith('-') ? long.MinValue : long.MaxValue;
            return years < range.Minimum ? (null, string.Create(CultureInfo.InvariantCulture, $"{expected}; {ClientText.Quote(value)} is below {range.Minimum}."))
                : years > range.Maximum ? (null, string.Create(CultureInfo.InvariantCulture, $"{expected}; {ClientText.Quote(value)} is above {range.Maximum}."))
                : (years.ToString(CultureInfo.InvariantCulture), null);
        }

        return DecimalNumber().IsMatch(value)
            ? (null, $"{expected}; {ClientText.Quote(value)} has a fraction: give completed years.")
            : (null, $"{expected}; {ClientText.Quote(value)} is not a number.");
    }

    private (string? Value, string? Error) CheckChoice(string name, string value)
    {
        var match = Choices(name).FirstOrDefault(choice => string.Equals(choice, value, StringComparison.OrdinalIgnoreCase));
        return match is not null
            ? (match, null)
            : (null, $"{name} must be one of {AcceptedText(name)} (letter case does not matter); {ClientText.Quote(value)} is not one of them.");
    }

    /// <summary>The field's non-empty values in one source, trimmed; a key matches without regard to case.</summary>
    private static IEnumerable<(string Value, string Source)> Values(IEnumerable<KeyValuePair<string, StringValues>> source, string name, string sourceName) =>
        source.Where(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value)
            .Select(value => value?.Trim() ?? string.Empty)
            .Where(value => value.Length > 0)
            .Select(value => (value, sourceName));

    [GeneratedRegex("^[+-]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex WholeNumber();

    [GeneratedRegex("^[+-]?([0-9]+[.,][0-9]*|[.,][0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalNumber();
}
