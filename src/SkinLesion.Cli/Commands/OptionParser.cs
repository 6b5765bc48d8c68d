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

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./=:+,@".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
