using System.Globalization;

namespace SkinLesion.Cli.Evaluation;

/// <summary>
/// Progress of a run: a redrawn bar with rate and ETA on a terminal, or a plain line every 10% (and at
/// most every few seconds) when the output goes to a file or CI log, where carriage returns are noise.
/// </summary>
internal sealed class ProgressReporter
{
    private const int BarWidth = 30;
    private static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly int _total;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private long _start;
    private long _lastDrawn;
    private int _done;
    private int _failed;
    private int _lastDecile;

    public ProgressReporter(TextWriter output, bool interactive, int total, TimeProvider time)
    {
        _output = output;
        _interactive = interactive;
        _total = total;
        _time = time;
    }

    public void Start()
    {
        _start = _time.GetTimestamp();
        _lastDrawn = _start;
    }

    public void Advance(bool failed)
    {
        lock (_lock)
        {
            _done++;
            _failed += failed ? 1 : 0;
            long now = _time.GetTimestamp();
            if (_interactive)
            {
                if (_time.GetElapsedTime(_lastDrawn, now) >= TerminalInterval || _done == _total)
                {
                    _lastDrawn = now;
                    _output.Write("\r" + Describe(now, bar: true));
                }
            }
            else
            {
                int decile = _total == 0 ? 10 : _done * 10 / _total;
                if ((decile > _lastDecile && _time.GetElapsedTime(_lastDrawn, now) >= LogInterval) || _done == _total)
                {
                    _lastDecile = decile;
                    _lastDrawn = now;
                    _output.WriteLine(Describe(now, bar: false));
                }
            }
        }
    }

    public void Finish()
    {
        if (_interactive && _done > 0)
        {
            _output.WriteLine();
        }
    }

    private string Describe(long now, bool bar)
    {
        double seconds = _time.GetElapsedTime(_start, now).TotalSeconds;
        double rate = seconds > 0 ? _done / seconds : 0;
        var eta = rate > 0 ? TimeSpan.FromSeconds((_total - _done) / rate) : (TimeSpan?)null;
        string percent = _total == 0 ? "100" : (100.0 * _done / _total).ToString("0", CultureInfo.InvariantCulture);
        string failed = _failed > 0 ? $", {_failed} failed" : string.Empty;
        string timing = string.Create(CultureInfo.InvariantCulture, $"{rate:0.0} img/s, ETA {(eta is { } e ? e.ToString(e.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture) : "?")}");
        if (!bar)
        {
            return $"{_done}/{_total} images ({percent}%){failed}, {timing}";
        }

        int filled = _total == 0 ? BarWidth : _done * BarWidth / _total;
        return $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {_done}/{_total} {percent,3}% {timing}{failed}   ";
    }
}
