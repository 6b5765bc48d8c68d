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
        Optional(name) is { } text ? OptionParser.Int(name, text, min, max) : fallback;

    public double Fraction(string name, double fallback) =>
        Optional(name) is { } text ? OptionParser.Fraction(name, text) : fallback;

    public bool Bool(string name, bool fallback) =>
        Optional(name) is { } text ? OptionParser.Bool(name, text) : fallback;

    /// <summary>Null when the option is not given, so the command can choose by the other options.</summary>
    public bool? Bool(string name) =>
        Optional(name) is { } text ? OptionParser.Bool(name, text) : null;
}
