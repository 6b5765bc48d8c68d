using System.Buffers.Binary;

namespace SkinLesion.Inference.Images;

/// <summary>
/// The chunks of a PNG in file order, from the first after the signature: each chunk's place, type and data, for
/// <c>foreach</c>. The walk stops before a chunk whose declared length runs past the end of the file. CRCs are not
/// checked here.
/// </summary>
internal ref struct PngChunkWalk(ReadOnlySpan<byte> png)
{
    private const int SignatureLength = 8;

    private readonly ReadOnlySpan<byte> _png = png;
    private int _next = SignatureLength;

    /// <summary>Where the current chunk starts (its length field).</summary>
    public int Offset { get; private set; }

    /// <summary>The current chunk's data length.</summary>
    public int Length { get; private set; }

    public readonly ReadOnlySpan<byte> Type => _png.Slice(Offset + 4, 4);

    public readonly ReadOnlySpan<byte> Data => _png.Slice(Offset + 8, Length);

    /// <summary>Where the current chunk's data starts in the file.</summary>
    public readonly int DataOffset => Offset + 8;

    /// <summary>The whole current chunk: length, type, data and CRC.</summary>
    public readonly ReadOnlySpan<byte> Chunk => _png.Slice(Offset, Length + 12);

    public readonly PngChunkWalk GetEnumerator() => this;

    public readonly PngChunkWalk Current => this;

    public bool MoveNext()
    {
        if (_next + 12 > _png.Length || BinaryPrimitives.ReadUInt32BigEndian(_png[_next..]) is var length && length > (uint)(_png.Length - _next - 12))
        {
            return false;
        }

        Offset = _next;
        Length = (int)length;
        _next += 12 + Length;
        return true;
    }
}
