using System.Buffers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace SkinLesion.Web.Uploads;

/// <summary>
/// Reads the uploaded image from either a multipart/form-data field named "image" or a raw
/// image/png or image/jpeg body. The multipart body is streamed with MultipartReader rather than the
/// form feature, so an image is never buffered to a temporary file: uploads stay in memory only.
/// </summary>
public sealed class ImageUploadReader(IOptions<UploadOptions> options)
{
    public const string FieldName = "image";

    internal const string AcceptedContentTypesText = "multipart/form-data with the file in field 'image', or a raw body with Content-Type image/png or image/jpeg";

    private const int ChunkSize = 81920;

    private const int MaxBoundaryLength = 70;

    /// <summary>
    /// Reads the image and, from a multipart body, the text fields named in <paramref name="textFields"/> wherever they
    /// stand in the body: with any asked for, the body is read to its end instead of stopping at the image.
    /// </summary>
    public async Task<ImageUpload> ReadAsync(HttpRequest request, IReadOnlySet<string> textFields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(textFields);
        long maxBytes = options.Value.MaxBytes;

        if (string.IsNullOrEmpty(request.ContentType))
        {
            if (request.ContentLength is null or 0)
            {
                throw new UploadRejectedException(
                    UploadRejectionReason.MissingImage,
                    $"The request has no image. Send {AcceptedContentTypesText}.");
            }

            throw UnsupportedContentType("(none)");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || mediaType.MediaType.Value is not { } type)
        {
            throw UnsupportedContentType(request.ContentType);
        }

        if (type.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            CheckDeclaredLength(request, options.Value.MaxRequestBodyBytes, maxBytes);
            return await ReadMultipartAsync(request, mediaType, maxBytes, textFields, cancellationToken).ConfigureAwait(false);
        }

        if (type.Equals("image/png", StringComparison.OrdinalIgnoreCase) || type.Equals("image/jpeg", StringComparison.OrdinalIgnoreCase))
        {
            CheckDeclaredLength(request, maxBytes, maxBytes);
            var bytes = await ReadCappedAsync(request.Body, maxBytes, request.ContentLength ?? 0, cancellationToken).ConfigureAwait(false);
            return bytes.Length > 0
                ? new ImageUpload(bytes, FormCollection.Empty)
                : throw new UploadRejectedException(UploadRejectionReason.EmptyImage, "The request body is empty (0 bytes). Send the image bytes as the body.");
        }

        throw UnsupportedContentType(type);
    }

    /// <summary>
    /// Reads the clinician page's form. Unlike the API this goes through the form feature, because
    /// antiforgery validation needs the token field; UploadSetup.AddUploadLimits sets the form's memory buffer
    /// threshold to the whole request cap, so the file is still held in memory, never in a temporary file.
    /// </summary>
    public async Task<IFormCollection> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        long maxBytes = options.Value.MaxBytes;
        CheckDeclaredLength(request, options.Value.MaxRequestBodyBytes, maxBytes);
        if (!request.HasFormContentType)
        {
            throw UnsupportedContentType(string.IsNullOrEmpty(request.ContentType) ? "(none)" : request.ContentType);
        }

        try
        {
            return await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ReadFailure(ex, Reader.Form, maxBytes, request.ContentLength) is { } refusal)
        {
            throw refusal;
        }
    }

    /// <summary>Copies the form's file into memory under the same cap and with the same refusals as the API.</summary>
    public async Task<ReadOnlyMemory<byte>> ReadFileAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        long maxBytes = options.Value.MaxBytes;
        if (file is null)
        {
            throw new UploadRejectedException(UploadRejectionReason.MissingImage, "No file was chosen. Choose a PNG or JPEG image, then press Classify.");
        }

        if (file.Length == 0)
        {
            throw new UploadRejectedException(UploadRejectionReason.EmptyImage, "The chosen file is empty (0 bytes). Choose the image file itself, not a shortcut or an empty export.");
        }

        if (file.Length > maxBytes)
        {
            throw TooLarge(maxBytes, null);
        }

        using var stream = file.OpenReadStream();
        return await ReadCappedAsync(stream, maxBytes, file.Length, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ImageUpload> ReadMultipartAsync(HttpRequest request, MediaTypeHeaderValue mediaType, long maxBytes, IReadOnlySet<string> textFields, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary))
        {
            throw new UploadRejectedException(UploadRejectionReason.MalformedRequest, "The multipart/form-data Content-Type has no boundary parameter.");
        }

        // RFC 2046 caps a boundary at 70 characters; MultipartReader throws on one longer than its buffer, which is no
        // reason for a 500 (the page's form reader refuses such a boundary too).
        if (boundary.Length > MaxBoundaryLength)
        {
            throw new UploadRejectedException(
                UploadRejectionReason.MalformedRequest,
                $"The multipart/form-data boundary is {boundary.Length} characters long; at most {MaxBoundaryLength} are allowed (RFC 2046).");
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        var otherFields = new List<string>();
        var texts = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        ReadOnlyMemory<byte>? image = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFormDisposition() && !disposition.IsFileDisposition())
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                if (!string.Equals(name, FieldName, StringComparison.Ordinal))
                {
                    otherFields.Add(name);
                    if (textFields.Contains(name))
                    {
                        texts[name] = StringValues.Concat(texts.GetValueOrDefault(name), await MultipartText.ReadAsync(section.Body, cancellationToken).ConfigureAwait(false));
                    }

                    continue;
                }

                // The first image field is the image; a second is skipped like any other unread section.
                if (image is null)
                {
                    var bytes = await ReadCappedAsync(section.Body, maxBytes, request.ContentLength ?? 0, cancellationToken).ConfigureAwait(false);
                    image = bytes.Length > 0
                        ? bytes
                        : throw new UploadRejectedException(UploadRejectionReason.EmptyImage, $"The file in field '{FieldName}' is empty (0 bytes).");
                    if (textFields.Count == 0)
                    {
                        break;
                    }
                }
            }
        }
        catch (Exception ex) when (ReadFailure(ex, Reader.Multipart, maxBytes, request.ContentLength) is { } refusal)
        {
            throw refusal;
        }

        if (image is { } read)
        {
            return new ImageUpload(read, new FormCollection(texts));
        }

        var found = otherFields.Count == 0 ? "no form fields" : $"only the field(s) {string.Join(", ", otherFields.Select(f => $"'{f}'"))}";
        throw new UploadRejectedException(
            UploadRejectionReason.MissingImage,
            $"The multipart request has no file in field '{FieldName}' (it has {found}). Send the image as form field '{FieldName}'.");
    }

    private static void CheckDeclaredLength(HttpRequest request, long maxRequestBytes, long maxBytes)
    {
        if (request.ContentLength is { } length && length > maxRequestBytes)
        {
            throw TooLarge(maxBytes, length);
        }
    }

    /// <summary>Copies at most maxBytes into memory; one byte more is a 413, whatever the declared length said.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadCappedAsync(Stream body, long maxBytes, long expectedBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            // Pre-size from the declared length (never above the cap) to avoid regrowing the buffer.
            using var memory = new MemoryStream((int)Math.Clamp(expectedBytes, 0, maxBytes));
            while (true)
            {
                int read;
                try
                {
                    read = await body.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ReadFailure(ex, Reader.Body, maxBytes, null) is { } refusal)
                {
                    throw refusal;
                }

                if (read == 0)
                {
                    break;
                }

                if (memory.Length + read > maxBytes)
                {
                    throw TooLarge(maxBytes, null);
                }

                memory.Write(buffer, 0, read);
            }

            return new ReadOnlyMemory<byte>(memory.GetBuffer(), 0, (int)memory.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The one translation of a failed read into a refusal, for every way an upload is read. The request body, the
    /// multipart reader and the form reader report the same problems differently; a cap hit is a 413, anything else the
    /// client sent wrong is a malformed request, and a failure that is not the client's (null) stays unexpected.
    /// </summary>
    private static UploadRejectedException? ReadFailure(Exception exception, Reader reader, long maxBytes, long? declaredLength)
    {
        var unreadable = reader switch
        {
            Reader.Form => "The form could not be read",
            Reader.Multipart => "The multipart/form-data body could not be read",
            _ => "The request body could not be read",
        };
        return exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(maxBytes, null, exception),

            // Kestrel's minimum body data rate (SlowClientOptions) ends a trickling upload with a 408.
            BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } => new UploadRejectedException(
                UploadRejectionReason.TooSlow,
                "The upload arrived too slowly and was abandoned. Retry on a faster connection.",
                exception),

            // The form reader reports its per-file cap as InvalidDataException; a body longer than the
            // cap can only have failed for that reason.
            InvalidDataException when reader == Reader.Form && declaredLength > maxBytes => TooLarge(maxBytes, null, exception),
            InvalidDataException when reader == Reader.Form => Malformed($"{unreadable}: {exception.Message}", exception),
            InvalidDataException when reader == Reader.Multipart => Malformed($"The multipart/form-data body is malformed: {exception.Message}", exception),
            BadHttpRequestException => Malformed($"{unreadable}: {exception.Message}", exception),

            // A body that ends before its closing boundary surfaces as a plain end-of-stream IOException.
            // A raw body has no boundary: Kestrel reports one cut short as BadHttpRequestException.
            IOException when reader != Reader.Body => Malformed($"{unreadable}: {exception.Message}", exception),
            _ => null,
        };
    }

    private static UploadRejectedException Malformed(string message, Exception inner) =>
        new(UploadRejectionReason.MalformedRequest, message, inner);

    private static UploadRejectedException TooLarge(long maxBytes, long? declared, Exception? inner = null)
    {
        var size = declared is { } length ? $"The request declares {length:N0} bytes; " : "The upload is larger than allowed; ";
        return new UploadRejectedException(
            UploadRejectionReason.TooLarge,
            $"{size}images up to {maxBytes:N0} bytes ({maxBytes / (1024.0 * 1024.0):0.#} MB) are accepted. Downscale or re-compress the image and retry.",
            inner);
    }

    private static UploadRejectedException UnsupportedContentType(string contentType) =>
        new(
            UploadRejectionReason.UnsupportedContentType,
            $"Content-Type '{contentType}' is not accepted. Send {AcceptedContentTypesText}. Accepted image formats: PNG and JPEG.");

    /// <summary>What was reading the request when it failed: the raw body, the streamed multipart body, or the page's form.</summary>
    private enum Reader
    {
        Body,
        Multipart,
        Form,
    }
}
