using System.Globalization;
using SkinLesion.Inference;

namespace SkinLesion.Cli.Commands;

/// <summary>
/// The "--name value" / "--name=value" command lines of <c>evaluate</c>, <c>calibrate</c> and <c>audit</c>: each option
/// once, every value checked, anything else a <see cref="UsageException"/> that says what to change.
/// </summary>
internal static class OptionParser
{
    /// <summary>The options of one command line, checked against <paramref name="knownOptions"/>; null when help was
    /// asked for. A flag (in <paramref name="flags"/>) given alone means true; it still takes an explicit value
    /// (--segment false). <paramref name="command"/> names the command in the errors ("evaluate", "audit export").</summary>
    public static ParsedOptions? Parse(string command, IReadOnlyList<string> args, IReadOnlySet<string> knownOptions, IReadOnlySet<string>? flags = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(knownOptions);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help")
            {
                return null;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"Unexpected argument '{arg}'; options start with --.");
            }

            string name = arg;
            string? value = null;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else if (flags is not null && flags.Contains(name) && (i + 1 == args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                value = "true";
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            if (!knownOptions.Contains(name))
            {
                throw new UsageException($"Unknown option '{name}' for {command}. Known options: {string.Join(", ", knownOptions.Order(StringComparer.Ordinal))}.");
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                throw new UsageException($"Option {name} needs a value.");
            }

            if (!values.TryAdd(name, value))
            {
                throw new UsageException($"Option {name} is given twice.");
            }
        }

        return new ParsedOptions(command, values);
    }

    /// <summary>The invocation as someone would type it from the repository root.</summary>
    public static string CommandLine(string command, IReadOnlyList<string> args) =>
        $"dotnet run --project src/SkinLesion.Cli -c Release -- {command} " + string.Join(" ", args.Select(Quote));

    public static int Int(string option, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{option} must be a whole number from {min} to {max}, got '{text}'.");

    /// <summary>A number strictly between 0 and 1, such as a sensitivity of 0.9.</summary>
    public static double Fraction(string option, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && value < 1
            ? value
            : throw new UsageException($"{option} must be a number between 0 and 1 (e.g. 0.90), got '{text}'.");

    public static bool Bool(string option, string text) => text.ToLowerInvariant() switch
    {
        "true" or "yes" or "1" => true,
        "false" or "no" or "0" => false,
        _ => throw new UsageException($"{option} must be true or false, got '{text}'."),
    };

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./=:+,@".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static JpegDecoderChoice Decoder(string text) => text.ToLowerInvariant() switch
    {
        "auto" => JpegDecoderChoice.Auto,
        "libjpeg-turbo" or "libjpegturbo" => JpegDecoderChoice.LibJpegTurbo,
        "imagesharp" => JpegDecoderChoice.ImageSharp,
        _ => throw new UsageException($"--jpeg-decoder must be auto, libjpeg-turbo or imagesharp, got '{text}'."),
    };
}
