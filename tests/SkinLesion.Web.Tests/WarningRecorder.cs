using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SkinLesion.Web.Tests;

/// <summary>A logger provider that keeps every warning (and worse) a host logs, formatted.</summary>
internal sealed class WarningRecorder(ConcurrentQueue<string> warnings) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Recorder(warnings);

    public void Dispose()
    {
    }

    private sealed class Recorder(ConcurrentQueue<string> warnings) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                warnings.Enqueue(formatter(state, exception));
            }
        }
    }
}
