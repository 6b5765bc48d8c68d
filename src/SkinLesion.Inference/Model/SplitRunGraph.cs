using Microsoft.Extensions.Logging;

namespace SkinLesion.Inference.Model;

/// <summary>
/// The classifier's graph opened a second time, with several threads per run, for a request alone in the inference gate
/// (docs/decisions/0045-threads-for-a-lone-request.md). It only makes a lone request faster, so it opens in the
/// background once the classifier is ready instead of lengthening the start: on two cores the start is short of CPU,
/// not of waiting (ADR 0042). Until it is open, and for good when one thread is configured or it could not be opened,
/// <see cref="Graph"/> is null and every request runs on the one-thread graph. Owns the session it opens.
/// </summary>
internal sealed partial class SplitRunGraph : IDisposable
{
    // How long Dispose waits for a session still opening before leaving it to the process's end.
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);

    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private GraphRunner? _graph;

    // Written by Dispose, read by the opening thread: a graph that finishes opening after Dispose gave up waiting frees
    // itself instead of being published.
    private volatile bool _disposed;

    /// <summary>Starts opening the graph with <paramref name="intraOpThreads"/> threads per run; nothing is opened for one.</summary>
    internal SplitRunGraph(ModelLoader loader, int intraOpThreads, TimeProvider timeProvider, ILogger logger)
    {
        _logger = logger;
        _timeProvider = timeProvider;
        Ready = intraOpThreads > 1 ? Task.Run(() => Open(loader, intraOpThreads)) : Task.CompletedTask;
    }

    /// <summary>Completes once the graph is open, could not be opened, or is not configured. Never faults.</summary>
    internal Task Ready { get; }

    /// <summary>The open graph, or null while it is opening and when there is none.</summary>
    internal GraphRunner? Graph => Volatile.Read(ref _graph);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // The graph is published before Ready completes, so once Ready has completed it is freed here.
        if (!Ready.Wait(DisposeWait))
        {
            LogStillOpening(_logger, DisposeWait.TotalSeconds);
        }

        Graph?.Dispose();
    }

    // Opened and checked like the one-thread graph, and run once so that its first request pays no warm-up. It is the file
    // already verified at the start, so whatever fails here (memory, most likely) leaves the service as it was, on one
    // thread per run, with a warning instead of stopping it; and the task never faults, since Dispose waits for it.
    private void Open(ModelLoader loader, int intraOpThreads)
    {
        long start = _timeProvider.GetTimestamp();
        GraphRunner? graph = null;
        try
        {
            graph = loader.OpenGraph(intraOpThreads);
            _ = loader.WarmUp(graph, null, _timeProvider);
        }
        catch (Exception ex)
        {
            graph?.Dispose();
            LogFailed(_logger, ex, intraOpThreads);
            return;
        }

        if (_disposed)
        {
            graph.Dispose();
            return;
        }

        double openMs = _timeProvider.GetElapsedTime(start).TotalMilliseconds;
        Volatile.Write(ref _graph, graph);
        LogOpened(_logger, intraOpThreads, openMs);
    }

    [LoggerMessage(EventId = 8, Level = LogLevel.Information,
        Message = "Opened the graph a second time, {IntraOpThreads} intra-op threads per run, for requests alone in the gate, in {OpenMs:F1} ms")]
    private static partial void LogOpened(ILogger logger, int intraOpThreads, double openMs);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning,
        Message = "Could not open the graph a second time with {IntraOpThreads} intra-op threads; every request runs on one thread")]
    private static partial void LogFailed(ILogger logger, Exception exception, int intraOpThreads);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning,
        Message = "Disposing the model while its second session was still opening after {WaitSeconds} s; that session is left to the process's end")]
    private static partial void LogStillOpening(ILogger logger, double waitSeconds);
}
