using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SkinLesion.Inference.Images;

/// <summary>
/// Turns untrusted bytes into the model's input tensor. Order matters for safety: magic bytes first,
/// then header dimensions against the caps, and only then a decoder restricted to PNG and JPEG.
/// </summary>
internal sealed partial class ImagePreprocessor
{
    private readonly Configuration _configuration;
    private readonly ImageOptions _options;
    private readonly LibJpegTurbo? _libJpegTurbo;
    private readonly int _targetWidth;
    private readonly int _targetHeight;
    private readonly TimeProvider _timeProvider;

    internal ImagePreprocessor(ImageOptions options, int targetWidth, int targetHeight, TimeProvider timeProvider)
    {
        NativeHeap.EnsureConfigured();
        _options = options;
        _targetWidth = targetWidth;
        _targetHeight = targetHeight;
        _timeProvider = timeProvider;

        _configuration = DecoderConfiguration.ForUploads();

        _libJpegTurbo = options.JpegDecoder switch
        {
            JpegDecoderChoice.ImageSharp => null,
            JpegDecoderChoice.LibJpegTurbo => LibJpegTurbo.TryLoad() ?? throw new InvalidOperationException(
                $"{ImageOptions.SectionName}:JpegDecoder is {JpegDecoderChoice.LibJpegTurbo}, but libturbojpeg could not be loaded. Install it (Debian: apt-get install libturbojpeg0; Ubuntu: apt-get install libturbojpeg) or choose {JpegDecoderChoice.Auto}."),
            _ => LibJpegTurbo.TryLoad(),
        };
    }

    /// <summary>Which decoder turns JPEG bytes into pixels, for logs and the model card.</summary>
    internal string JpegDecoderName => _libJpegTurbo is null ? "ImageSharp"
        : _options.ReducedJpegDecoding ? $"libjpeg-turbo ({_libJpegTurbo.LibraryName})"
        : $"libjpeg-turbo ({_libJpegTurbo.LibraryName}, every pixel decoded)";

    internal bool UsesLibJpegTurbo => _libJpegTurbo is not null;

    /// <summary>
    /// Runs a PNG and a JPEG through the whole path once at startup, so the first request does not pay for JIT
    /// compilation and a broken libjpeg-turbo installation fails startup.
    /// </summary>
    internal void WarmUp()
    {
        foreach (var bytes in WarmUpSamples.Read())
        {
            var header = Inspect(bytes);
            using var prepared = Prepare(bytes, header);
            if (header.Format == AcceptedImageFormat.Jpeg && _libJpegTurbo is not null)
            {
                using var viaLibJpegTurbo = TryDecodeWithLibJpegTurbo(bytes, header)
                    ?? throw new InvalidOperationException($"{JpegDecoderName} could not decode a JPEG at startup; reinstall it or set {ImageOptions.SectionName}:JpegDecoder to {JpegDecoderChoice.ImageSharp}.");
            }
        }
    }

    internal ImageHeader Inspect(ReadOnlyMemory<byte> data)
    {
        data = EncodingSlack.Remove(data);
        if (data.IsEmpty)
        {
            throw new ImageRejectedException(ImageRejectionReason.Empty, "The image is empty (0 bytes).");
        }

        var format = ImageFormatSniffer.Detect(data.Span) ?? throw ImageRejectedException.UnsupportedFormat(data.Span);
        ContainerTerminator.Check(format, data.Span);
        JpegFrame? frame = null;
        if (format == AcceptedImageFormat.Jpeg)
        {
            JpegScanLimit.Check(data.Span);
            frame = JpegFrame.Read(data.Span);
            if (frame?.Unsupported is { } unsupported)
            {
                // Said as what it is, not as damage: the file may be intact. ImageSharp refuses some of these and decodes
                // others, libjpeg-turbo and Pillow others again, so no answer could match the reference.
                throw new ImageRejectedException(
                    ImageRejectionReason.Corrupt,
                    $"The JPEG file uses {unsupported}, which this service does not decode (cameras and dermatoscopes write 8-bit baseline or progressive JPEGs). Re-export the image as an ordinary JPEG or as PNG.");
            }
        }

        if (format == AcceptedImageFormat.Png)
        {
            PngIntegrity.CheckCompressedMetadata(data);
        }

        IImageInfo? info;
        try
        {
            using var stream = AsStream(data);
            info = Image.Identify(_configuration, stream);
        }
        catch (Exception ex) when (IsDecoderFailure(ex))
        {
            throw ImageRejectedException.Corrupt(format, ex);
        }

        if (info is null || info.Width <= 0 || info.Height <= 0)
        {
            throw ImageRejectedException.Corrupt(format, null);
        }

        var header = new ImageHeader(format, info.Width, info.Height)
        {
            Orientation = ExifOrientation.Read(info.Metadata),

            // A frame whose segments could not be walked is charged in full too: the safe side of the budget.
            HoldsFullSizeCoefficients = format == AcceptedImageFormat.Jpeg && frame is not { BuffersEveryCoefficient: false },
            SixteenBitSamples = format == AcceptedImageFormat.Png && SixteenBitPng.Is(data.Span),
            Colour = SrgbConversion.For(EmbeddedColourProfile.Read(format, data.Span)),
        };

        if (header.Pixels > _options.MaxPixels)
        {
            throw new ImageRejectedException(
                ImageRejectionReason.TooManyPixels,
                $"The image is {info.Width}x{info.Height} = {header.Pixels:N0} pixels; at most {_options.MaxPixels:N0} pixels are accepted. Downscale it (e.g. to 2000x1500) and retry.")
            {
                Width = info.Width,
                Height = info.Height,
            };
        }

        if (Math.Min(info.Width, info.Height) < _options.MinSide)
        {
            throw new ImageRejectedException(
                ImageRejectionReason.TooSmall,
                $"The image is {info.Width}x{info.Height}; both sides must be at least {_options.MinSide} pixels (the model works at {_targetWidth}x{_targetHeight}).")
            {
                Width = info.Width,
                Height = info.Height,
            };
        }

        // Only files libjpeg-turbo decodes are reduced; anything else is decoded in full, by ImageSharp, and charged in full.
        return header.Format == AcceptedImageFormat.Jpeg && _options.ReducedJpegDecoding
            && _libJpegTurbo is not null && _libJpegTurbo.Decodes(data.Span, info.Width, info.Height)
            ? header with { JpegScaleDenominator = GeometryRule.JpegScaleDenominator(info.Width, info.Height, _targetWidth, _targetHeight) }
            : header;
    }

    internal PreparedImage Prepare(ReadOnlyMemory<byte> data, ImageHeader header)
    {
        long start = _timeProvider.GetTimestamp();
        data = EncodingSlack.Remove(data);
        var opaque = header.Format == AcceptedImageFormat.Jpeg ? TryDecodeWithLibJpegTurbo(data.Span, header) : null;
        if (opaque is null && header.JpegScaleDenominator > 1)
        {
            // The header promised a reduced decode and the gate charged only its pixels; a full ImageSharp decode
            // would break that budget, and Pillow (same library) fails on the same data.
            throw ImageRejectedException.Corrupt(header.Format, null);
        }

        if (opaque is not null)
        {
            using (opaque)
            {
                return FinishOpaque(header, opaque, start);
            }
        }

        if (header.Format == AcceptedImageFormat.Png)
        {
            PngIntegrity.CheckImageData(data, header);
            if (!PngTransparency.IsComposited(data.Span))
            {
                // Nothing to composite: decoded straight to RGB, which also keeps a tRNS key colour as the reference does.
                using var rgbPng = header.SixteenBitSamples ? HighBytes<Rgb48, Rgb24>(data, header, SixteenBitPng.HighBytes) : Decode<Rgb24>(data, header);
                return FinishOpaque(header, rgbPng, start);
            }
        }

        using var decoded = header.SixteenBitSamples ? HighBytes<Rgba64, Rgba32>(data, header, SixteenBitPng.HighBytes) : Decode<Rgba32>(data, header);
        long decodedAt = _timeProvider.GetTimestamp();
        using var rgb = GeometryRule.Apply(decoded, _targetWidth, _targetHeight);
        return Finish(header, rgb, start, decodedAt);
    }

    private Image<TPixel> Decode<TPixel>(ReadOnlyMemory<byte> data, ImageHeader header)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        try
        {
            // The header's orientation decides, as on the libjpeg-turbo path: ImageSharp's decoder also reads an EXIF block
            // after the first scan, which Identify, Pillow and libjpeg-turbo do not, and would turn the pixels by it.
            var decoded = Image.Load<TPixel>(_configuration, data.Span);
            decoded.Metadata.ExifProfile = ExifOrientation.Only(header.Orientation);
            return decoded;
        }
        catch (Exception ex) when (IsDecoderFailure(ex))
        {
            throw ImageRejectedException.Corrupt(header.Format, ex);
        }
    }

    /// <summary>A 16-bit PNG decoded at 16 bits and brought to 8 by its high bytes, as the reference does (<see cref="SixteenBitPng"/>).</summary>
    private Image<TNarrow> HighBytes<TWide, TNarrow>(ReadOnlyMemory<byte> data, ImageHeader header, Func<Image<TWide>, Image<TNarrow>> narrow)
        where TWide : unmanaged, IPixel<TWide>
        where TNarrow : unmanaged, IPixel<TNarrow>
    {
        using var wide = Decode<TWide>(data, header);
        var image = narrow(wide);
        image.Metadata.ExifProfile = ExifOrientation.Only(header.Orientation);
        return image;
    }

    private PreparedImage FinishOpaque(ImageHeader header, Image<Rgb24> decoded, long start)
    {
        long decodedAt = _timeProvider.GetTimestamp();
        GeometryRule.ApplyInPlace(decoded, _targetWidth, _targetHeight);
        return Finish(header, decoded, start, decodedAt);
    }

    private PreparedImage Finish(ImageHeader header, Image<Rgb24> rgb, long start, long decodedAt)
    {
        var prepared = new PreparedImage(header, _targetWidth * _targetHeight * 3);
        try
        {
            rgb.CopyPixelDataTo(prepared.Pixels.Span);

            // After the geometry rule, as the reference converts: on the 200x150 pixels, not the upload's millions.
            header.Colour?.Apply(prepared.Pixels.Span, 3);
        }
        catch
        {
            prepared.Dispose();
            throw;
        }

        long preparedAt = _timeProvider.GetTimestamp();
        prepared.Decode = _timeProvider.GetElapsedTime(start, decodedAt);
        prepared.Preprocess = _timeProvider.GetElapsedTime(decodedAt, preparedAt);
        return prepared;
    }

    /// <summary>
    /// Decodes straight into an ImageSharp image so the one geometry implementation applies. Returns
    /// null when libjpeg-turbo is not in use or refuses the file, leaving it to ImageSharp.
    /// </summary>
    private Image<Rgb24>? TryDecodeWithLibJpegTurbo(ReadOnlySpan<byte> data, ImageHeader header)
    {
        if (_libJpegTurbo is null)
        {
            return null;
        }

        int denominator = header.JpegScaleDenominator;
        var image = new Image<Rgb24>(_configuration, GeometryRule.ScaledSide(header.Width, denominator), GeometryRule.ScaledSide(header.Height, denominator));
        bool decoded = false;
        try
        {
            decoded = image.DangerousTryGetSinglePixelMemory(out var memory)
                && _libJpegTurbo.TryDecode(data, MemoryMarshal.AsBytes(memory.Span), header.Width, header.Height, denominator);
        }
        finally
        {
            if (!decoded)
            {
                image.Dispose(); // refused, or thrown: the frame goes back either way
            }
        }

        if (!decoded)
        {
            return null;
        }

        image.Metadata.ExifProfile = ExifOrientation.Only(header.Orientation);
        return image;
    }

    internal static MemoryStream AsStream(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);

    // Decoders fed hostile input fail in many ways (format exceptions, end of stream, index errors);
    // every one of them means "this file cannot be read", never a server fault.
    internal static bool IsDecoderFailure(Exception ex) =>
        ex is not OutOfMemoryException and not OperationCanceledException;
}
