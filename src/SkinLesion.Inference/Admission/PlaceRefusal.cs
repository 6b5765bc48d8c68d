namespace SkinLesion.Inference.Admission;

/// <summary>Why <see cref="InferenceGate.TryTakePlace"/> gave no place.</summary>
public enum PlaceRefusal
{
    /// <summary>A place was given.</summary>
    None,

    /// <summary>Every place of slots and line is taken.</summary>
    LineFull,

    /// <summary>The client already holds <see cref="InferenceGate.MaxPlacesPerClient"/> places.</summary>
    ClientShare,

    /// <summary>The gate is closed: the service is stopping.</summary>
    ShuttingDown,
}
