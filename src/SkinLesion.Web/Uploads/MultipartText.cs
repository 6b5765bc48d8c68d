using System.Text;

namespace SkinLesion.Web.Uploads;

/// <summary>A small text field of a streamed multipart body, read into memory with a cap.</summary>
internal static class MultipartText
{
    /// <summary>The most of a value that is kept; the multipart reader skips the rest (no accepted value comes near it).</summary>
    internal const int MaxBytes = 1024;

    /// <summary>The field's value as UTF-8, at most <see cref="MaxBytes"/> of it.</summary>
    internal static async Task<string> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxBytes];
        int length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
