using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SkinLesion.Cli.Files;

namespace SkinLesion.Cli.Evaluation;

/// <summary>
/// Writes a float32 matrix in numpy's .npy format (version 1.0), so Python reads it with numpy.load and
/// nothing else: a magic string, a Python-dict header padded to 64 bytes, then the rows, little-endian.
/// </summary>
internal static class NpyWriter
{
    public static void WriteMatrix(string path, IReadOnlyList<IReadOnlyList<float>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int columns = rows.Count == 0 ? 0 : rows[0].Count;
        if (rows.Any(r => r.Count != columns))
        {
            throw new ArgumentException("Every row must have the same length.", nameof(rows));
        }

        string header = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows.Count}, {columns}), }}");
        int unpadded = 6 + 2 + 2 + header.Length + 1;
        header += new string(' ', (64 - (unpadded % 64)) % 64) + "\n";

        AtomicFile.Write(path, stream =>
        {
            stream.WriteByte(0x93);
            stream.Write("NUMPY"u8);
            stream.Write([1, 0]);
            Span<byte> length = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(length, checked((ushort)header.Length));
            stream.Write(length);
            stream.Write(Encoding.ASCII.GetBytes(header));
            Span<byte> value = stackalloc byte[4];
            foreach (var row in rows)
            {
                foreach (float f in row)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(value, f);
                    stream.Write(value);
                }
            }
        });
    }
}
