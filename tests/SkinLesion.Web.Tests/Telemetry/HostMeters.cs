using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SkinLesion.Web.Tests.Telemetry;

/// <summary>
/// The instruments of every host's own meters (those an <see cref="IMeterFactory"/> made) that are still alive in this
/// process. With minimal hosting a disposed factory's host is disposed on the entry point's thread after the factory
/// returns (dotnet/aspnetcore #40271), so its meters can outlive it by a moment. A host started then shares their
/// streams in the OpenTelemetry SDK, and their late disposal ends the new host's counts too (see MetricsGroup).
/// </summary>
internal static class HostMeters
{
    private static readonly ConcurrentDictionary<Instrument, byte> Alive = new();

    private static readonly MeterListener Listener = Start();

    /// <summary>Waits until no host's instrument is alive, for at most <paramref name="timeout"/>.</summary>
    public static void WaitUntilNoneAlive(TimeSpan timeout)
    {
        _ = Listener;
        var clock = Stopwatch.StartNew();
        while (!Alive.IsEmpty)
        {
            Assert.True(clock.Elapsed < timeout,
                $"meters of another host are still alive after {timeout.TotalSeconds} s (a factory not disposed?): {string.Join(", ", Alive.Keys.Select(i => $"{i.Meter.Name}/{i.Name}").Distinct().Take(5))}");
            Thread.Sleep(20);
        }
    }

    private static MeterListener Start()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope is IMeterFactory)
                {
                    Alive[instrument] = 0;

                    // Only an instrument this listener enabled reports its end (MeasurementsCompleted).
                    listener.EnableMeasurementEvents(instrument);
                }
            },
            MeasurementsCompleted = (instrument, _) => Alive.TryRemove(instrument, out byte _),
        };
        listener.Start();
        return listener;
    }
}
