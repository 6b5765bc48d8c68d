namespace SkinLesion.Inference.Admission;

/// <summary>
/// A place in line taken before the request's body is read (<see cref="InferenceGate.TryTakePlace"/>), so at most
/// slots + queue uploads are held in memory; disposing it gives the place back.
/// </summary>
public sealed class GatePlace : IDisposable
{
    private readonly InferenceGate _gate;
    private readonly string _client;
    private int _released;

    internal GatePlace(InferenceGate gate, string client)
    {
        _gate = gate;
        _client = client;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _gate.ReturnPlace(_client);
        }
    }
}
