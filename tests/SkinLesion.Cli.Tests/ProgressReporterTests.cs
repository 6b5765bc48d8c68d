using SkinLesion.Cli.Evaluation;

namespace SkinLesion.Cli.Tests;

public sealed class ProgressReporterTests
{
    [Fact]
    public void Terminal_RedrawsOneBarWithRateAndEta()
    {
        // Arrange: 10 images, one per 100 ms → 10 img/s.
        var time = new ManualTime();
        var output = new StringWriter();
        var progress = new ProgressReporter(output, interactive: true, total: 10, time);
        progress.Start();

        // Act
        for (int i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            progress.Advance(failed: i == 3);
        }

        progress.Finish();

        // Assert
        string text = output.ToString();
        Assert.Contains("\r[", text, StringComparison.Ordinal);
        Assert.Contains("[##############################] 10/10 100% 10.0 img/s, ETA 0:00, 1 failed", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Redirected_WritesPlainLinesWithoutCarriageReturns()
    {
        // Arrange: 100 images at 10 s each, so every 10% step is past the 5 s spacing.
        var time = new ManualTime();
        var output = new StringWriter();
        var progress = new ProgressReporter(output, interactive: false, total: 100, time);
        progress.Start();

        // Act
        for (int i = 0; i < 100; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            progress.Advance(failed: false);
        }

        progress.Finish();

        // Assert
        string text = output.ToString();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain('\r', text);
        Assert.Equal(10, lines.Length);
        Assert.Equal("10/100 images (10%), 0.1 img/s, ETA 15:00", lines[0]);
        Assert.Equal("100/100 images (100%), 0.1 img/s, ETA 0:00", lines[^1]);
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
