using System.Buffers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Uploads;

/// <summary>
/// Reads the uploaded image from either a multipart/form-data field named "image" or a raw body (image/png,
/// image/jpeg or an alias, application/octet-stream). The multipart body is streamed with MultipartReader rather than
/// the form feature, so an image is never buffered to a temporary file: uploads stay in memory only.
/// </summary>
public sealed partial class ImageUploadReader(IOptions<UploadOptions> options)
{
    public const string FieldName = "image";

    /// <summary>
    /// Content-Types a raw body may carry, in the order the refusals name them. The file's bytes decide the format, so
    /// the type only has to say "binary image": besides the two standard names, the aliases that capture software and
    /// old browsers send (image/jpg, image/pjpeg, image/x-png) and application/octet-stream, what an integration engine
    /// sends for a file it does not type. None is a CORS-safelisted type, so a page elsewhere still cannot post one
    /// without a preflight.
    /// </summary>
    internal static readonly IReadOnlyList<string> RawBodyContentTypes =
        ["image/png", "image/jpeg", "image/jpg", "image/pjpeg", "image/x-png", "application/octet-stream"];

    internal static readonly string AcceptedContentTypesText =
        $"multipart/form-data with the file in field 'image', or a raw body with Content-Type {string.Join(", ", RawBodyContentTypes.SkipLast(1))} or {RawBodyContentTypes[^1]}";

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

        if (RawBodyContentTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            CheckDeclaredLength(request, maxBytes, maxBytes);
            var bytes = await ReadCappedAsync(request.Body, maxBytes, request.ContentLength ?? 0, cancellationToken).ConfigureAwait(false);
            return bytes.Length > 0
                ? new ImageUpload(bytes, FormCollection.Empty, [])
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
            throw NotAForm(string.IsNullOrEmpty(request.ContentType) ? "(none)" : request.ContentType);
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

    /// <summary>Copies the form's one file into memory under the same cap and with the same refusals as the API.</summary>
    public async Task<ReadOnlyMemory<byte>> ReadFileAsync(IReadOnlyList<IFormFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        long maxBytes = options.Value.MaxBytes;
        if (files.Count > 1)
        {
            throw SeveralImages();
        }

        if (files.Count == 0)
        {
            throw new UploadRejectedException(UploadRejectionReason.MissingImage, "No file was chosen.");
        }

        var file = files[0];

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
        var texts = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
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
                if (!string.Equals(name, FieldName, StringComparison.OrdinalIgnoreCase))
                {
                    otherFields.Add(name);
                    if (textFields.Contains(name))
                    {
                        // A field repeated without end would hold a place in line while the body is read: refused early.
                        var values = texts.TryGetValue(name, out var kept) ? kept : texts[name] = [];
                        values.Add(values.Count < MaxPartsPerField
                            ? await MultipartText.ReadAsync(section.Body, cancellationToken).ConfigureAwait(false)
                            : throw new UploadRejectedException(UploadRejectionReason.MalformedRequest,
                                $"The form field {ClientText.Quote(name)} was sent more than {MaxPartsPerField} times; send each field once."));
                    }

                    continue;
                }

                if (image is not null)
                {
                    throw SeveralImages();
                }

                var bytes = await ReadCappedAsync(section.Body, maxBytes, request.ContentLength ?? 0, cancellationToken).ConfigureAwait(false);
                image = bytes.Length > 0
                    ? bytes
                    : throw new UploadRejectedException(UploadRejectionReason.EmptyImage, $"The file in field '{FieldName}' is empty (0 bytes).");
            }
        }
        catch (Exception ex) when (ReadFailure(ex, Reader.Multipart, maxBytes, request.ContentLength) is { } refusal)
        {
            throw refusal;
        }

        if (image is { } read)
        {
            return new ImageUpload(
                read,
                new FormCollection(texts.ToDictionary(field => field.Key, field => new StringValues([.. field.Value]), StringComparer.OrdinalIgnoreCase)),
                [.. otherFields.Where(name => !textFields.Contains(name)).Distinct(StringComparer.Ordinal)]);
        }

        var found = otherFields.Count == 0 ? "no form fields" : $"only the field(s) {ClientText.List(otherFields)}";
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
}
