namespace SkinLesion.Inference.Admission;

/// <summary>
/// Admission to inference: a bounded number of slots, a budget of decoded pixels shared by the running requests,
/// and a bounded, first-come-first-served line with a bounded wait. One lock guards all of it, because a request
/// needs a slot and its pixels together (two separate semaphores could each be held by different waiters and
/// deadlock). The line is strictly FIFO, so a large image at its head is not starved by small ones behind it.
/// </summary>
public sealed partial class InferenceGate
{
    // Weight of the newest hold time in the moving average: recent enough to follow a change of image mix
    // within a few requests, smooth enough that one slow image does not refuse a whole line.
    private const double AverageWeight = 0.2;

    private readonly object _lock = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly TimeProvider _time;
    private int _running;
    private int _places;
    private long _pixelsInUse;
    private double _averageHoldMs;
    private bool _closed;

    /// <param name="slots">Inferences at once.</param>
    /// <param name="maxQueueLength">Waiting places beyond the slots; <see cref="int.MaxValue"/> for no limit.</param>
    /// <param name="maxWait">Longest wait for a slot; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="pixelBudget">Decoded pixels held at once by running requests.</param>
    /// <param name="timeProvider">The clock for waits and service times.</param>
    public InferenceGate(int slots, int maxQueueLength, TimeSpan maxWait, long pixelBudget, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxQueueLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelBudget, 1);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (maxWait <= TimeSpan.Zero && maxWait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWait), maxWait, "The wait limit must be positive or infinite.");
        }

        Slots = slots;
        MaxQueueLength = maxQueueLength;
        MaxWait = maxWait;
        PixelBudget = pixelBudget;
        _time = timeProvider;
    }

    public int Slots { get; }

    public int MaxQueueLength { get; }

    public TimeSpan MaxWait { get; }

    public long PixelBudget { get; }

    /// <summary>
    /// Inferences holding a slot now, read without the lock: a hint for how to run the caller's own inference, not a
    /// figure to report (<see cref="Load"/> is the consistent snapshot).
    /// </summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Places in line, running included.</summary>
    public long Capacity => (long)Slots + MaxQueueLength;

    public InferenceLoad Load
    {
        get
        {
            lock (_lock)
            {
                int waiting = Math.Max(_waiters.Count, _places - Slots);
                return new InferenceLoad(Slots, _running, Math.Max(0, waiting), MaxQueueLength, _pixelsInUse, PixelBudget, TimeSpan.FromMilliseconds(_averageHoldMs));
            }
        }
    }

    /// <summary>When a client refused now should come back: the expected time for the line to drain, at least a second.</summary>
    public TimeSpan RetryAfter
    {
        get
        {
            lock (_lock)
            {
                return RetryAfterLocked(Math.Max(_waiters.Count, _places - Slots) + 1);
            }
        }
    }

    /// <summary>Waits for a slot and <paramref name="pixels"/> decoded pixels of the budget.</summary>
    /// <exception cref="InferenceBusyException">The line is full, or the wait reached (or would reach) its limit.</exception>
    /// <exception cref="InferenceBusyException">With <see cref="BusyReason.ShuttingDown"/>: the gate was closed because the classifier is being disposed.</exception>
    public async Task<InferenceLease> EnterAsync(long pixels, CancellationToken cancellationToken = default)
    {
        long weight = Math.Clamp(pixels, 1, PixelBudget);
        Waiter waiter;
        lock (_lock)
        {
            if (_closed)
            {
                throw ShuttingDown();
            }

            if (_waiters.Count == 0 && Fits(weight))
            {
                return TakeLocked(weight);
            }

            if (_waiters.Count >= MaxQueueLength)
            {
                throw Busy(BusyReason.QueueFull, _waiters.Count + 1, $"All {MaxQueueLength} waiting places for the {Slots} inference slot(s) are taken.");
            }

            var predicted = PredictedWaitLocked(_waiters.Count + 1);
            if (MaxWait != Timeout.InfiniteTimeSpan && predicted > MaxWait)
            {
                throw Busy(BusyReason.WaitTooLong, _waiters.Count + 1, $"The expected wait for an inference slot ({predicted.TotalSeconds:0.0} s) exceeds the limit of {MaxWait.TotalSeconds:0.0} s.");
            }

            waiter = new Waiter(weight);
            waiter.Node = _waiters.AddLast(waiter);
        }

        try
        {
            return await waiter.Granted.Task.WaitAsync(MaxWait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            if (!Abandon(waiter))
            {
                return await waiter.Granted.Task.ConfigureAwait(false); // granted as the wait ran out: use it
            }

            throw Busy(BusyReason.WaitTooLong, Load.Waiting + 1, $"No inference slot became free within {MaxWait.TotalSeconds:0.0} s.");
        }
        catch (OperationCanceledException)
        {
            if (!Abandon(waiter))
            {
                (await waiter.Granted.Task.ConfigureAwait(false)).Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Refuses new requests, fails the waiting ones (<see cref="BusyReason.ShuttingDown"/>), and waits until no
    /// inference runs (at most <paramref name="timeout"/>). Returns how many still ran when the wait ended.
    /// </summary>
    public int Close(TimeSpan timeout)
    {
        var deadline = _time.GetTimestamp();
        lock (_lock)
        {
            _closed = true;
            while (_waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                first.Value.Node = null; // a waiter cancelled in the same moment then finds nothing to remove
                first.Value.Granted.TrySetException(ShuttingDown());
            }

            while (_running > 0)
            {
                var left = timeout - _time.GetElapsedTime(deadline);
                if (left <= TimeSpan.Zero || !Monitor.Wait(_lock, left))
                {
                    break;
                }
            }

            return _running;
        }
    }

    internal void Release(long pixels, long admittedAt)
    {
        double heldMs = _time.GetElapsedTime(admittedAt).TotalMilliseconds;
        lock (_lock)
        {
            _running--;
            _pixelsInUse -= pixels;
            _averageHoldMs = _averageHoldMs == 0 ? heldMs : (AverageWeight * heldMs) + ((1 - AverageWeight) * _averageHoldMs);
            GrantLocked();
            Monitor.PulseAll(_lock);
        }
    }

    // Grants the line from its head while the head fits: after a release, and after a head that gave up (its place at
    // the front had kept those behind it waiting for a slot and pixels that were free).
    private void GrantLocked()
    {
        while (!_closed && _waiters.First is { } head && Fits(head.Value.Weight))
        {
            _waiters.RemoveFirst();
            head.Value.Node = null;

            // Continuations run asynchronously (see Waiter), so completing inside the lock runs no caller code here.
            head.Value.Granted.TrySetResult(TakeLocked(head.Value.Weight));
        }
    }

    private bool Fits(long weight) => _running < Slots && _pixelsInUse + weight <= PixelBudget;

    private InferenceLease TakeLocked(long weight)
    {
        _running++;
        _pixelsInUse += weight;
        return new InferenceLease(this, weight, _time.GetTimestamp());
    }

    /// <summary>Removes a waiter that gave up; false when it was granted first (then it holds a lease).</summary>
    private bool Abandon(Waiter waiter)
    {
        lock (_lock)
        {
            if (waiter.Node is null)
            {
                return false;
            }

            _waiters.Remove(waiter.Node);
            waiter.Node = null;
            GrantLocked();
            return true;
        }
    }

    // The position-th waiter starts when position requests ahead of it (running ones included) have left the
    // slots, which free at Slots per average hold time. Before any request has finished there is no estimate.
    private TimeSpan PredictedWaitLocked(int position) => TimeSpan.FromMilliseconds(position * _averageHoldMs / Slots);

    private TimeSpan RetryAfterLocked(int position) =>
        TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(PredictedWaitLocked(position).TotalSeconds)));

    /// <summary>
    /// What a request that arrives or waits while the gate closes gets: a refusal for load (503 with Retry-After, so the
    /// client tries another instance or again), not the disposal of an object it never held.
    /// </summary>
    internal static InferenceBusyException ShuttingDown() =>
        new(BusyReason.ShuttingDown, TimeSpan.FromSeconds(1), "The service is shutting down; no inference was started.");

    private InferenceBusyException Busy(BusyReason reason, int position, string message)
    {
        lock (_lock)
        {
            return new InferenceBusyException(reason, RetryAfterLocked(position), message);
        }
    }

    private sealed class Waiter(long weight)
    {
        public long Weight { get; } = weight;

        public TaskCompletionSource<InferenceLease> Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }
}
