using System.Buffers.Binary;

namespace SkinLesion.Inference.Images;

/// <summary>
/// The markers of a JPEG in file order, from the first after SOI, walked by their segments' lengths (so an EXIF
/// thumbnail's markers, inside an APP1 segment, are never taken for the image's), for a <c>while (walk.MoveNext())</c>
/// loop. A start of scan's segment runs on over its entropy-coded data; markers without a segment (restarts, TEM, EOI)
/// have an empty body; fill bytes are skipped. The walk ends at the end of the data, or, setting
/// <see cref="Broken"/>, at bytes that are not a marker or at a segment whose length does not fit.
/// </summary>
internal ref struct JpegSegmentWalk
{
    private readonly ReadOnlySpan<byte> _jpeg;
    private int _next;
    private int _bodyLength;
    private int _end;
    private bool _scanDataPending;

    public JpegSegmentWalk(ReadOnlySpan<byte> jpeg)
    {
        _jpeg = jpeg;
        _next = 2;
        _end = 2;
        Broken = !StartsWithSoi(jpeg);
    }

    /// <summary>Whether the data starts with a JPEG's SOI marker and has room for a marker after it.</summary>
    public static bool StartsWithSoi(ReadOnlySpan<byte> jpeg) => jpeg.Length >= 4 && jpeg[0] == 0xFF && jpeg[1] == 0xD8;

    /// <summary>Whether the walk stopped at something that is not a JPEG's structure (or the data does not start with SOI).</summary>
    public bool Broken { get; private set; }

    /// <summary>The current marker's second byte (0xDA for a start of scan).</summary>
    public byte Marker { get; private set; }

    /// <summary>Where the current marker's 0xFF is.</summary>
    public int Offset { get; private set; }

    /// <summary>
    /// Where the current segment ends: after its body, and for a start of scan after its entropy-coded data. A scan's end
    /// is found when it is asked for (or the walk moves on): the frame check stops at the first scan header and never
    /// reads the coded data, which is most of the file.
    /// </summary>
    public int End
    {
        get
        {
            if (_scanDataPending)
            {
                _end = EntropyCodedEnd(_end);
                _scanDataPending = false;
            }

            return _end;
        }
    }

    /// <summary>The current segment's body (after its length field); empty for a marker without a segment.</summary>
    public readonly ReadOnlySpan<byte> Body => _bodyLength == 0 ? [] : _jpeg.Slice(Offset + 4, _bodyLength);

    /// <summary>The whole current segment, marker to <see cref="End"/>.</summary>
    public ReadOnlySpan<byte> Segment => _jpeg[Offset..End];

    public bool MoveNext()
    {
        if (Broken)
        {
            return false;
        }

        _next = End;

        while (_next + 1 < _jpeg.Length && _jpeg[_next] == 0xFF && _jpeg[_next + 1] == 0xFF)
        {
            _next++; // a fill byte before the marker
        }

        if (_next + 2 > _jpeg.Length)
        {
            return false;
        }

        if (_jpeg[_next] != 0xFF)
        {
            Broken = true;
            return false;
        }

        byte marker = _jpeg[_next + 1];
        int end;
        int bodyLength = 0;
        if (marker is 0x01 or (>= 0xD0 and <= 0xD9))
        {
            end = _next + 2;
        }
        else
        {
            int length = _next + 4 <= _jpeg.Length ? BinaryPrimitives.ReadUInt16BigEndian(_jpeg[(_next + 2)..]) : 0;
            if (length < 2 || _next + 2 + length > _jpeg.Length)
            {
                Broken = true;
                return false;
            }

            bodyLength = length - 2;
            end = _next + 2 + length;
        }

        Marker = marker;
        Offset = _next;
        _end = end;
        _scanDataPending = marker == 0xDA;
        _bodyLength = bodyLength;
        return true;
    }

    // Where the entropy-coded data after a scan header ends: at the first marker that is not a stuffed byte or a restart.
    // Searched from one 0xFF to the next (a vectorised search), not byte by byte: the coded data is most of the file.
    private readonly int EntropyCodedEnd(int start)
    {
        int i = start;
        while (i + 1 < _jpeg.Length)
        {
            int found = _jpeg[i..^1].IndexOf((byte)0xFF);
            if (found < 0)
            {
                break;
            }

            i += found;
            if (_jpeg[i + 1] is not (0x00 or 0xFF or (>= 0xD0 and <= 0xD7)))
            {
                return i;
            }

            i++;
        }

        return _jpeg.Length;
    }
}
