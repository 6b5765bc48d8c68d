using System.Runtime.InteropServices;

namespace SkinLesion.Inference.Screening;

/// <summary>The artifact's float arrays: base64 of little-endian float32, decoded to the length the artifact declares.</summary>
internal static class Float32Base64
{
    /// <summary>Decodes <paramref name="base64"/>; a missing, malformed or wrongly sized array is a <see cref="FormatException"/> naming <paramref name="field"/>.</summary>
    internal static float[] Decode(string? base64, int count, string field)
    {
        if (base64 is null)
        {
            throw new FormatException($"{field} is missing.");
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The artifact's float32 arrays are little-endian.");
        }

        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(base64);
        }
        catch (FormatException ex)
        {
            // The runtime's message does not say which of the artifact's arrays is broken.
            throw new FormatException($"{field} is not valid base64: {ex.Message}", ex);
        }

        if (raw.Length != count * sizeof(float))
        {
            throw new FormatException($"{field} holds {raw.Length / sizeof(float)} float32 values; expected {count}.");
        }

        return MemoryMarshal.Cast<byte, float>(raw).ToArray();
    }
}
