using SkinLesion.Inference.Segmentation;

namespace SkinLesion.Inference;

/// <summary>The classifier's end: the gate closed, in-flight runs waited for, then the native sessions freed.</summary>
public sealed partial class SkinLesionClassifier
{
    // How long Dispose waits for in-flight inferences; sessions still in use then are left to the process's exit.
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // An inference still running on another thread (a request the host is abandoning while it shuts
        // down) would use the native session after it is freed: a process crash, not an exception. Closing
        // the gate refuses the queued callers (busy, shutting down) and waits until nothing is in flight.
        int running = Gate.Close(DisposeWait);
        if (running > 0)
        {
            // Freeing now would crash the process under the run; the native memory goes with the process instead.
            LogDisposeTimedOut(_logger, running, DisposeWait.TotalSeconds);
            return;
        }

        _splitRuns.Dispose();
        Graph.Dispose();
        _segmenter?.Dispose();
    }

    // A segmenter opened while another startup step failed is freed with the rest.
    private static void DisposeOpened(Task<LesionSegmenter?> segmentation)
    {
        if (segmentation.IsCompletedSuccessfully)
        {
            segmentation.Result?.Dispose();
        }
    }

    // Waits for background startup steps without rethrowing: once one step has failed, theirs is no longer news.
    private static void Settle(params Task[] tasks)
    {
        foreach (var task in tasks)
        {
            _ = Task.WaitAny(task);
        }
    }
}
