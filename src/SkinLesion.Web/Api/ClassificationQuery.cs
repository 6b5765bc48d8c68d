using System.Globalization;
using SkinLesion.Web.Clinical;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Api;

/// <summary>
/// The query options of POST /api/v1/classifications, checked before the upload is read: <c>explain</c> asks for the
/// class activation map, <c>segment</c> for the lesion's outline and measures, <c>pixelsPerMillimetre</c> gives the
/// image's scale so that the diameter is also given in millimetres. Parsed here rather than by the framework's binder,
/// so a bad value gets this service's problem type, naming the parameter, in every environment.
/// </summary>
/// <param name="Explain">Whether the class activation map is to be rendered.</param>
/// <param name="Segment">Whether the lesion is to be outlined and measured.</param>
/// <param name="PixelsPerMillimetre">The upload's pixels per millimetre of skin, when the caller knows it.</param>
public sealed record ClassificationQuery(bool Explain, bool Segment, double? PixelsPerMillimetre)
{
    public const string ExplainName = "explain";

    public const string SegmentName = "segment";

    public const string ScaleName = "pixelsPerMillimetre";

    // A downsized dermoscopic image shows about 10 pixels per millimetre, a full-size one some hundreds. Outside these
    // bounds the figure describes no image of skin, and a tiny one would turn the diameter into an infinite number of
    // millimetres, which JSON cannot carry.
    public const double MinimumScale = 1;

    public const double MaximumScale = 10_000;

    /// <summary>The options' names, in the order a refusal lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [ExplainName, SegmentName, ScaleName];

    // Where a refusal lists what the endpoint takes besides its options; the names are the service's (ClinicalFieldNames).
    private static readonly string ClinicalFieldsCheck = $"the clinical fields {string.Join(", ", ClinicalFieldNames.All)}; check the spelling.";

    /// <summary>
    /// The options as the query gives them, or the detail of a 400 invalid-parameter: first for a query name this endpoint
    /// does not take or an option given more than once, then for a value that cannot be used (<see cref="Parse"/>).
    /// </summary>
    public static (ClassificationQuery? Query, string? Problem) Read(IQueryCollection query, string? explain, string? segment, string? pixelsPerMillimetre) =>
        UnexpectedParameterProblem(query) is { } unexpected ? (null, unexpected) : Parse(explain, segment, pixelsPerMillimetre);

    /// <summary>
    /// The detail of a 400 invalid-parameter for a query name this endpoint does not take, or an option given more than
    /// once; null when there is none. A misspelt option ignored would answer a question the caller did not ask (no
    /// outline for "segmnet=true"), and a repeated one has no single meaning. Names match without regard to case, as the
    /// framework matches them; the clinical fields' repeats are <see cref="ClinicalFields"/>'s to judge.
    /// </summary>
    public static string? UnexpectedParameterProblem(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        foreach (var (name, values) in query)
        {
            bool option = OptionNamed(name) is not null;
            if (!option && !ClinicalFieldNames.Set.Contains(name))
            {
                return $"This endpoint takes no query parameter {ClientText.Quote(name)}. Its options are {string.Join(", ", Names)}, and {ClinicalFieldsCheck}";
            }

            if (option && values.Count > 1)
            {
                return $"{ClientText.Quote(name)} is given {values.Count} times; give it once.";
            }
        }

        return null;
    }

    /// <summary>
    /// The detail of a 400 invalid-parameter for a multipart part this endpoint does not take (the image and the clinical
    /// fields are the only ones); null when there is none. An option sent as a form field is pointed at the query.
    /// </summary>
    public static string? UnexpectedFieldProblem(IReadOnlyList<string> otherFields)
    {
        ArgumentNullException.ThrowIfNull(otherFields);
        if (otherFields.Count == 0)
        {
            return null;
        }

        string name = otherFields[0];
        return OptionNamed(name) is { } known
            ? $"{known} is a query parameter, not a form field: send it as ?{known}=... in the address."
            : $"The form carries a field this endpoint does not take, {ClientText.Quote(name)}. It takes the image in field 'image' and {ClinicalFieldsCheck}";
    }

    // The option's own spelling for a name given in any case, or null for a name that is no option.
    private static string? OptionNamed(string name) =>
        Names.FirstOrDefault(option => string.Equals(option, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The options, or the detail of a 400 invalid-parameter naming the parameter that cannot be used.</summary>
    public static (ClassificationQuery? Query, string? Problem) Parse(string? explain, string? segment, string? pixelsPerMillimetre)
    {
        if (!TryFlag(explain, out bool explained))
        {
            return (null, FlagProblem(ExplainName, explain!));
        }

        if (!TryFlag(segment, out bool segmented))
        {
            return (null, FlagProblem(SegmentName, segment!));
        }

        if (pixelsPerMillimetre is null)
        {
            return (new ClassificationQuery(explained, segmented, null), null);
        }

        if (!double.TryParse(pixelsPerMillimetre, NumberStyles.Float, CultureInfo.InvariantCulture, out double scale)
            || !double.IsFinite(scale) || scale <= 0)
        {
            return (null, $"{ScaleName} must be a positive, finite number of image pixels per millimetre of skin, written with a decimal point (e.g. 42.5); got {ClientText.Quote(pixelsPerMillimetre)}.");
        }

        if (scale is < MinimumScale or > MaximumScale)
        {
            return (null, FormattableString.Invariant(
                $"{ScaleName} must lie between {MinimumScale} and {MaximumScale} image pixels per millimetre of skin (a dermoscopic image has some 10 to a few hundred); got {ClientText.Quote(pixelsPerMillimetre)}."));
        }

        return segmented
            ? (new ClassificationQuery(explained, segmented, scale), null)
            : (null, $"{ScaleName} applies only with {SegmentName}=true: it converts the outlined lesion's diameter to millimetres. Add {SegmentName}=true, or leave {ScaleName} out.");
    }

    // Absent is false; otherwise what bool.Parse accepts (true or false, any case), as the framework's binder did.
    private static bool TryFlag(string? text, out bool value)
    {
        value = false;
        return text is null || bool.TryParse(text, out value);
    }

    private static string FlagProblem(string name, string text) => $"{name} must be true or false; got {ClientText.Quote(text)}.";
}
