using System.Globalization;

namespace SkinLesion.Cli.Commands;

/// <summary>
/// One command line's options by name, as <see cref="OptionParser.Parse"/> checked them, read through the same
/// conversions: a missing required option or a value out of range is a <see cref="UsageException"/> naming the option.
/// </summary>
internal sealed class ParsedOptions(string command, IReadOnlyDictionary<string, string> values)
{
    public string Required(string name) =>
        values.TryGetValue(name, out var value) ? value : throw new UsageException($"{command} needs {name}.");

    public string? Optional(string name) => values.GetValueOrDefault(name);

    public int Int(string name, int min, int max, int fallback) =>
        Optional(name) is { } text ? ParseInt(name, text, min, max) : fallback;

    public double Fraction(string name, double fallback) =>
        Optional(name) is { } text ? ParseFraction(name, text) : fallback;

    public bool Bool(string name, bool fallback) =>
        Optional(name) is { } text ? ParseBool(name, text) : fallback;

    /// <summary>Null when the option is not given, so the command can choose by the other options.</summary>
    public bool? Bool(string name) =>
        Optional(name) is { } text ? ParseBool(name, text) : null;

    /// <summary>--split names a split of the --split-file CSV, so neither is given without the other.</summary>
    public void RequireSplitWithFile()
    {
        if (values.ContainsKey("--split") != values.ContainsKey("--split-file"))
        {
            throw new UsageException("--split and --split-file go together: --split names a split of the --split-file CSV.");
        }
    }

    private static int ParseInt(string option, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{option} must be a whole number from {min} to {max}, got '{text}'.");

    /// <summary>A number strictly between 0 and 1, such as a sensitivity of 0.9.</summary>
    private static double ParseFraction(string option, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && value < 1
            ? value
            : throw new UsageException($"{option} must be a number between 0 and 1 (e.g. 0.90), got '{text}'.");

    private static bool ParseBool(string option, string text) => text.ToLowerInvariant() switch
    {
        "true" or "yes" or "1" => true,
        "false" or "no" or "0" => false,
        _ => throw new UsageException($"{option} must be true or false, got '{text}'."),
    };
}
