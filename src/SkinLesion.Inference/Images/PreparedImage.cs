using System.Buffers;

namespace SkinLesion.Inference.Images;

/// <summary>
/// One image as the model takes it (height x width x RGB bytes) and how long decoding and preprocessing took. The bytes
/// live in a buffer rented from the shared pool: 90 KB per 200x150 image would otherwise be a large-object allocation on
/// every request, and a gen2 collection every few dozen requests (ADR 0027). <see cref="Dispose"/> gives the buffer back,
/// so the owner disposes only once nothing reads <see cref="Pixels"/> any more (the segmentation included).
/// </summary>
internal sealed class PreparedImage : IDisposable
{
    private readonly int _length;
    private byte[]? _buffer;

    /// <summary>Rents <paramref name="length"/> bytes for the image; their content is whatever the pool held until the caller writes them.</summary>
    internal PreparedImage(ImageHeader header, int length)
    {
        Header = header;
        _buffer = ArrayPool<byte>.Shared.Rent(length);
        _length = length;
    }

    internal ImageHeader Header { get; }

    internal TimeSpan Decode { get; set; }

    internal TimeSpan Preprocess { get; set; }

    /// <summary>The model-input bytes; valid until <see cref="Dispose"/>.</summary>
    internal Memory<byte> Pixels => (_buffer ?? throw new ObjectDisposedException(nameof(PreparedImage))).AsMemory(0, _length);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
