namespace SkinLesion.Inference.Admission;

/// <summary>A held inference slot and its pixel charge; disposing it lets the next request in.</summary>
public sealed class InferenceLease : IDisposable
{
    private readonly InferenceGate _gate;
    private readonly long _pixels;
    private readonly long _admittedAt;
    private int _released;

    internal InferenceLease(InferenceGate gate, long pixels, long admittedAt)
    {
        _gate = gate;
        _pixels = pixels;
        _admittedAt = admittedAt;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _gate.Release(_pixels, _admittedAt);
        }
    }
}
