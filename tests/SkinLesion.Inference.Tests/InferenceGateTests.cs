using SkinLesion.Inference.Admission;

namespace SkinLesion.Inference.Tests;

/// <summary>The gate's rules: slots, the pixel budget, a FIFO line, and refusals with Retry-After.</summary>
public sealed class InferenceGateTests
{
    private static InferenceGate Gate(int slots = 2, int queue = 2, double waitSeconds = 5, long budget = 100) =>
        new(slots, queue, TimeSpan.FromSeconds(waitSeconds), budget, TimeProvider.System);

    [Fact]
    public async Task EnterAsync_PixelBudgetTaken_WaitsEvenWithAFreeSlot_ThenFirstInFirstServed()
    {
        var gate = Gate(slots: 3, budget: 100);
        var big = await gate.EnterAsync(80);

        var second = gate.EnterAsync(60); // needs 60, only 20 left
        var third = gate.EnterAsync(10);  // would fit, but waits behind the head of the line
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);
        Assert.Equal(80, gate.Load.PixelsInUse);

        big.Dispose();
        using var secondLease = await second.WaitAsync(TimeSpan.FromSeconds(5));
        using var thirdLease = await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(70, gate.Load.PixelsInUse);
    }

    [Fact]
    public async Task EnterAsync_LineFull_RefusesAtOnceWithRetryAfter()
    {
        var gate = Gate(slots: 1, queue: 1);
        using var running = await gate.EnterAsync(1);
        var waiting = gate.EnterAsync(1);

        var refused = await Assert.ThrowsAsync<InferenceBusyException>(() => gate.EnterAsync(1));

        Assert.Equal(BusyReason.QueueFull, refused.Reason);
        Assert.True(refused.RetryAfter >= TimeSpan.FromSeconds(1));
        running.Dispose();
        (await waiting).Dispose();
    }

    [Fact]
    public async Task EnterAsync_WaitLimitReached_RefusesAndLeavesTheLine()
    {
        var gate = Gate(slots: 1, waitSeconds: 0.1);
        using var running = await gate.EnterAsync(1);

        var refused = await Assert.ThrowsAsync<InferenceBusyException>(() => gate.EnterAsync(1));

        Assert.Equal(BusyReason.WaitTooLong, refused.Reason);
        Assert.Equal(0, gate.Load.Waiting);
    }

    [Fact]
    public async Task EnterAsync_Cancelled_LeavesTheLine()
    {
        var gate = Gate(slots: 1);
        var running = await gate.EnterAsync(1);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gate.EnterAsync(1, cancel.Token));

        Assert.Equal(0, gate.Load.Waiting);
        running.Dispose();
        Assert.Equal(0, gate.Load.Running);
    }

    [Fact]
    public void TryTakePlace_BeyondSlotsPlusQueue_ReturnsNull_UntilOneIsGivenBack()
    {
        var gate = Gate(slots: 1, queue: 1);
        using var first = gate.TryTakePlace();
        var second = gate.TryTakePlace();
        Assert.NotNull(second);
        Assert.Null(gate.TryTakePlace());
        Assert.Equal(1, gate.Load.Waiting);

        second.Dispose();

        using var again = gate.TryTakePlace();
        Assert.NotNull(again);
    }
}
