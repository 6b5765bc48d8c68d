namespace SkinLesion.Web.Hosting;

/// <summary>
/// How the process ends when an exception escapes the entry point, which in practice is a start that fails (a setting
/// refused, the model, a site profile or the audit store unusable, the port taken, a settings file that does not parse):
/// a line on standard error that says why, the exception after it, and exit code <see cref="ExitCode"/>. Left to the
/// runtime, the process was aborted (SIGABRT, exit 134, a core dump where the host keeps them, of a process that may
/// hold patients' images). WebApplicationFactory runs the entry point under its own catch, so tests still see the
/// exception itself.
/// </summary>
public static class ProcessFailure
{
    /// <summary>The exit code; README and docs/operations.md document it.</summary>
    public const int ExitCode = 1;

    /// <summary>The start of the line, for whoever reads standard error or searches a collected log.</summary>
    public const string Prefix = "SkinLesion stopped: ";

    private static int _installed;

    /// <summary>
    /// Installs the handler before anything that can fail; once per process, however often the entry point runs (the HTTP
    /// tests' factory runs it for every host). An exception that ends the process after the start skips the host's
    /// graceful stop as the runtime's abort did (docs/operations.md).
    /// </summary>
    public static void ExitWithCodeOneOnUnhandledException()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            Report(e.ExceptionObject as Exception ?? new InvalidOperationException(e.ExceptionObject?.ToString()), Console.Error);
            Environment.Exit(ExitCode);
        };
    }

    /// <summary>Writes the line of reasons, then the exception with its stack trace.</summary>
    public static void Report(Exception failure, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(error);
        error.WriteLine(Prefix + Reasons(failure));
        error.WriteLine(failure.ToString());
        error.Flush();
    }

    /// <summary>
    /// The messages from the outermost exception in, each once: a configuration file's failure is "Failed to load
    /// configuration from file ...", then the parser's "Could not parse the JSON file", then where it stopped. Failures
    /// side by side (an <see cref="AggregateException"/>) are separated by "; ".
    /// </summary>
    public static string Reasons(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var failures = failure is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [failure];
        return string.Join("; ", failures.Select(Chain)) + ".";
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
