using SkinLesion.Inference.Images;
using SkinLesion.Inference.Model;

namespace SkinLesion.Inference;

/// <summary>Classifies dermoscopic images with the loaded model. Safe for concurrent use.</summary>
public interface ISkinLesionClassifier
{
    /// <summary>The manifest the model was validated against.</summary>
    ModelManifest Manifest { get; }

    ModelIdentity Model { get; }

    /// <summary>The threshold and uncertainty band every verdict uses: the manifest's, or a site profile's, chosen at startup.</summary>
    OperatingPoint OperatingPoint { get; }

    /// <summary>How long the warm-up inference took at startup.</summary>
    TimeSpan WarmUpDuration { get; }

    /// <summary>The decoder that turns JPEG bytes into pixels ("libjpeg-turbo (...)" or "ImageSharp").</summary>
    string JpegDecoder { get; }

    /// <summary>Decodes, applies the geometry rule and runs the model.</summary>
    /// <exception cref="ImageRejectedException">The bytes are not an acceptable image.</exception>
    Task<ClassificationResult> ClassifyAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default);

    /// <summary>Whether the manifest lists a segmentation graph (loaded and verified), so that a request may ask for the lesion.</summary>
    bool CanSegment { get; }

    /// <summary>
    /// As <see cref="ClassifyAsync(ReadOnlyMemory{byte}, CancellationToken)"/>, with the extras <paramref name="request"/>
    /// asks for, computed in the same inference slot on the same model input.
    /// </summary>
    /// <exception cref="ImageRejectedException">The bytes are not an acceptable image.</exception>
    /// <exception cref="InvalidOperationException">Segmentation was asked for but <see cref="CanSegment"/> is false.</exception>
    Task<ClassificationResult> ClassifyAsync(ReadOnlyMemory<byte> image, ClassificationRequest request, CancellationToken cancellationToken = default);
}
