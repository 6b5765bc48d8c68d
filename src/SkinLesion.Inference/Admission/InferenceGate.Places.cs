namespace SkinLesion.Inference.Admission;

/// <summary>
/// Places in line, taken before a request's upload is read: at most slots + line in all, and at most
/// <see cref="MaxPlacesPerClient"/> for one client (ADR 0059).
/// </summary>
public sealed partial class InferenceGate
{
    private readonly Dictionary<string, int> _placesByClient = new(StringComparer.Ordinal);

    /// <summary>
    /// The most places one client holds at once: all of the line but as many places as there are slots, and never fewer
    /// than the slots. A place is held while its upload is read, so without a share one client's slow uploads (each just
    /// over the minimum data rate, for up to the classify timeout) held every place and every other client was refused
    /// busy while the slots stood idle; with it the others keep as many places as there are slots while the line has at
    /// least that many waiting places (with a shorter line, what the line has).
    /// </summary>
    public long MaxPlacesPerClient => Math.Max(Slots, Capacity - Slots);

    /// <summary>
    /// Takes a place in line for <paramref name="client"/> before the request's body is read, or returns null, saying why
    /// in <paramref name="refusal"/>, so a flood is refused without reading (and holding) its uploads.
    /// </summary>
    /// <param name="client">Who is asking, as the caller tells clients apart (a credential's name, else an address).</param>
    /// <param name="refusal">Why no place was given; <see cref="PlaceRefusal.None"/> when one was.</param>
    public GatePlace? TryTakePlace(string client, out PlaceRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(client);
        lock (_lock)
        {
            _placesByClient.TryGetValue(client, out int held);
            refusal = _closed ? PlaceRefusal.ShuttingDown
                : held >= MaxPlacesPerClient ? PlaceRefusal.ClientShare
                : _places >= Capacity ? PlaceRefusal.LineFull
                : PlaceRefusal.None;
            if (refusal != PlaceRefusal.None)
            {
                return null;
            }

            _places++;
            _placesByClient[client] = held + 1;
            return new GatePlace(this, client);
        }
    }

    internal void ReturnPlace(string client)
    {
        lock (_lock)
        {
            _places--;
            if (_placesByClient[client] is var held && held > 1)
            {
                _placesByClient[client] = held - 1;
            }
            else
            {
                _placesByClient.Remove(client);
            }
        }
    }
}
