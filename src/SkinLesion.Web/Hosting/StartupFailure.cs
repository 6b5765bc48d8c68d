namespace SkinLesion.Web.Hosting;

/// <summary>
/// How the process ends when the service cannot start (a setting refused, the model or the audit store unusable, the
/// port taken, a configuration file that does not parse): one plain line on standard error that says why, and exit
/// code <see cref="ExitCode"/>. Left to the runtime, the exception ended the process with SIGABRT (exit 134, a core
/// dump where the host keeps them) after a second copy of its stack trace.
/// </summary>
public static class StartupFailure
{
    /// <summary>The exit code of a start that failed; README and docs/operations.md document it.</summary>
    public const int ExitCode = 1;

    /// <summary>The start of the line, for whoever reads standard error or searches a collected log for it.</summary>
    public const string Prefix = "SkinLesion did not start: ";

    /// <summary>
    /// Writes why the start failed and returns the exit code. <paramref name="logged"/> says whether the host's own
    /// logger already recorded the exception with its stack trace ("Hosting failed to start"); before the host is
    /// built there is no logger, so the stack trace follows the line.
    /// </summary>
    public static int Report(Exception failure, bool logged, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(error);
        error.WriteLine(Prefix + Reasons(failure));
        if (!logged)
        {
            error.WriteLine(failure.ToString());
        }

        error.Flush();
        return ExitCode;
    }

    /// <summary>
    /// The messages from the outermost exception in, each once: a configuration file's failure is "Failed to load
    /// configuration from file ...", then the parser's "Could not parse the JSON file", then where it stopped. Failures
    /// side by side (an <see cref="AggregateException"/>) are separated by "; ".
    /// </summary>
    public static string Reasons(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure is AggregateException aggregate)
        {
            return string.Join("; ", aggregate.Flatten().InnerExceptions.Select(Chain)) + ".";
        }

        return Chain(failure) + ".";
    }

    private static string Chain(Exception failure)
    {
        var messages = new List<string>();
        for (Exception? current = failure; current is not null; current = current.InnerException)
        {
            string message = current.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
            if (message.Length == 0)
            {
                message = current.GetType().FullName ?? current.GetType().Name;
            }

            if (!messages.Contains(message, StringComparer.Ordinal))
            {
                messages.Add(message);
            }
        }

        return string.Join(": ", messages);
    }
}
