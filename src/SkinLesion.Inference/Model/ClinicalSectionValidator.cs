using System.Globalization;
using System.Text.RegularExpressions;

namespace SkinLesion.Inference.Model;

/// <summary>
/// The manifest's <c>clinical</c> section checked at load (part of <see cref="ManifestValidator.FindProblem"/>): a
/// section the service cannot honour stops it at startup instead of answering requests wrongly.
/// </summary>
internal static partial class ClinicalSectionValidator
{
    /// <summary>The ADR that says why this service accepts clinical fields without using them, and what a fusion needs.</summary>
    internal const string DecisionRecord = "docs/decisions/0021-clinical-data-accepted-not-used.md";

    /// <summary>A description of the first problem, or null (also when the section is absent: no clinical fields).</summary>
    internal static string? FindProblem(ManifestClinical? clinical)
    {
        if (clinical is null)
        {
            return null;
        }

        // A fusion changes the answer; answering without it would serve a different model than the manifest describes.
        if (clinical.HasFusion)
        {
            return $"clinical.fusion names a clinical-data fusion graph, which this service version cannot run: it accepts clinical fields but answers from the image alone ({DecisionRecord}). Serve this model with a service version that runs clinical fusion graphs.";
        }

        if (clinical.Decision.Ships)
        {
            return "clinical.decision.ships is true but clinical.fusion is null: the manifest says a fusion ships and names none.";
        }

        if (string.IsNullOrWhiteSpace(clinical.Decision.Rule))
        {
            return "clinical.decision.rule is empty; it states the rule the fusion study was decided by.";
        }

        var gain = clinical.ValidationGain;
        if (!double.IsFinite(gain.BalancedAccuracy) || !double.IsFinite(gain.MalignantAuc))
        {
            return "clinical.validationGain.balancedAccuracy and .malignantAuc must be finite numbers.";
        }

        return FieldsProblem(clinical.Fields) ?? ReportProblem(clinical.Report);
    }

    private static string? FieldsProblem(ManifestClinicalFields fields)
    {
        if (fields.Age is { } age)
        {
            if (!string.Equals(age.Unit, "years", StringComparison.Ordinal))
            {
                return $"clinical.fields.age.unit is '{age.Unit}'; the service takes age in years.";
            }

            if (age.Minimum < 0 || age.Maximum < age.Minimum)
            {
                return string.Create(CultureInfo.InvariantCulture, $"clinical.fields.age needs 0 <= minimum <= maximum; got {age.Minimum} and {age.Maximum}.");
            }
        }

        return ChoicesProblem("sex", fields.Sex) ?? ChoicesProblem("site", fields.Site);
    }

    private static string? ChoicesProblem(string field, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return null;
        }

        if (values.Count == 0)
        {
            return $"clinical.fields.{field} lists no values; leave the field out when the model accepts none.";
        }

        // Requests are matched without regard to case, and the page derives its labels from the values.
        foreach (var value in values)
        {
            if (value is null || !Token().IsMatch(value))
            {
                return $"clinical.fields.{field} has the value '{value}'; values are lower-case words joined by hyphens (e.g. 'lower-extremity').";
            }
        }

        var duplicate = values.GroupBy(value => value, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        return duplicate is null ? null : $"clinical.fields.{field} lists '{duplicate.Key}' more than once.";
    }

    private static string? ReportProblem(string? report)
    {
        if (report is null)
        {
            return null;
        }

        bool inside = report.Length > 0 && !Path.IsPathRooted(report)
            && !report.Split('/', '\\').Any(part => part is ".." or "");
        return inside ? null : $"clinical.report '{report}' must be a relative path inside the model folder (e.g. 'evaluation/clinical/report.json').";
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
