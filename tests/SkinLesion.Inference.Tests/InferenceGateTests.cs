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
    public async Task EnterAsync_HeadOfTheLineCancelled_TheNextWaiterThatFitsIsGrantedAtOnce()
    {
        // Arrange: 60 of 100 pixels run; the head needs 60 (does not fit), the one behind it 10 (fits, but waits its turn).
        var gate = Gate(slots: 2, queue: 4, waitSeconds: 30, budget: 100);
        using var running = await gate.EnterAsync(60);
        using var cancelHead = new CancellationTokenSource();
        var head = gate.EnterAsync(60, cancelHead.Token);
        var small = gate.EnterAsync(10);
        Assert.False(small.IsCompleted);

        // Act
        await cancelHead.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => head);

        // Assert: granted while the running request still holds its slot, not at its release.
        using var granted = await small.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, gate.Load.Running);
    }

    [Fact]
    public async Task EnterAsync_HeadOfTheLineTimesOut_TheNextWaiterThatFitsIsGrantedNotTimedOut()
    {
        // Arrange: as above, the head giving up because its wait ran out.
        var gate = Gate(slots: 2, queue: 4, waitSeconds: 0.3, budget: 100);
        using var running = await gate.EnterAsync(60);
        var head = gate.EnterAsync(60);
        await Task.Delay(100);
        var small = gate.EnterAsync(10);

        // Act
        await Assert.ThrowsAsync<InferenceBusyException>(() => head);

        // Assert
        using var granted = await small.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, gate.Load.Running);
    }

    [Fact]
    public async Task Close_WhileRequestsWait_TheyAreRefusedAsBusyShuttingDownAndSoAreLaterOnes()
    {
        // Arrange
        var gate = Gate(slots: 1, queue: 2, waitSeconds: 30);
        var running = await gate.EnterAsync(1);
        var waiting = gate.EnterAsync(1);

        // Act: the running request finishes while Close waits for it.
        var close = Task.Run(() => gate.Close(TimeSpan.FromSeconds(10)));
        var refused = await Assert.ThrowsAsync<InferenceBusyException>(() => waiting);
        running.Dispose();
        await close;

        // Assert: a refusal for load (503 with Retry-After), not a disposed object (500).
        Assert.Equal(BusyReason.ShuttingDown, refused.Reason);
        Assert.Equal(BusyReason.ShuttingDown, (await Assert.ThrowsAsync<InferenceBusyException>(() => gate.EnterAsync(1))).Reason);
        Assert.Null(gate.TryTakePlace("client-a", out var refusal));
        Assert.Equal(PlaceRefusal.ShuttingDown, refusal);
    }

    [Fact]
    public void TryTakePlace_BeyondSlotsPlusQueue_ReturnsNull_UntilOneIsGivenBack()
    {
        var gate = Gate(slots: 1, queue: 1);
        using var first = gate.TryTakePlace("client-a", out _);
        var second = gate.TryTakePlace("client-b", out _);
        Assert.NotNull(second);
        Assert.Null(gate.TryTakePlace("client-c", out var refusal));
        Assert.Equal(PlaceRefusal.LineFull, refusal);
        Assert.Equal(1, gate.Load.Waiting);

        second.Dispose();

        using var again = gate.TryTakePlace("client-c", out _);
        Assert.NotNull(again);
    }

    [Fact]
    public void TryTakePlace_OneClientAtItsShare_RefusedWhileOthersStillGetEnoughPlacesForEverySlot()
    {
        // Arrange: 2 slots and 8 waiting places, so one client may hold 8 and the others keep 2.
        var gate = Gate(slots: 2, queue: 8);
        Assert.Equal(8, gate.MaxPlacesPerClient);
        var slowUploads = Enumerable.Range(0, 8).Select(i => gate.TryTakePlace("client-a", out _)).ToList();

        // Act
        var ninth = gate.TryTakePlace("client-a", out var ninthAtShare);
        var other1 = gate.TryTakePlace("client-b", out _);
        var other2 = gate.TryTakePlace("client-b", out _);
        var other3 = gate.TryTakePlace("client-b", out var lineFullAtShare);

        // Assert
        Assert.All(slowUploads, Assert.NotNull);
        Assert.Null(ninth);
        Assert.Equal(PlaceRefusal.ClientShare, ninthAtShare);
        Assert.NotNull(other1);
        Assert.NotNull(other2);
        Assert.Null(other3);
        Assert.Equal(PlaceRefusal.LineFull, lineFullAtShare); // the line is full, which is not client-b's share

        // A place given back is the client's again.
        slowUploads[0]!.Dispose();
        slowUploads[0]!.Dispose(); // given back once, however often disposed
        using var again = gate.TryTakePlace("client-a", out _);
        Assert.NotNull(again);
        Assert.Null(gate.TryTakePlace("client-a", out var againAtShare));
        Assert.Equal(PlaceRefusal.ClientShare, againAtShare); // at its share again (and the line full): the client is told about its own share
        foreach (var place in slowUploads.Skip(1).Append(other1).Append(other2))
        {
            place!.Dispose();
        }
    }

    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(2, 0, 2)]
    [InlineData(2, 1, 2)]
    [InlineData(4, 16, 16)]
    public void MaxPlacesPerClient_AllButTheSlotsNeverFewerThanTheSlots(int slots, int queue, long expected) =>
        Assert.Equal(expected, Gate(slots, queue).MaxPlacesPerClient);
}
