using Microsoft.Extensions.Logging;
using SkinLesion.Inference.Images;
using SkinLesion.Inference.Site;

namespace SkinLesion.Inference;

/// <summary>What the classifier logs about itself: loading, the operating point and shutdown (no image data).</summary>
public sealed partial class SkinLesionClassifier
{
    /// <summary>What was loaded and how it will run: the model, the JPEG decoder, the operating point, the segmentation graph.</summary>
    private void LogLoaded(string modelPath, int loneThreads, int slots, JpegDecoderChoice jpegDecoder)
    {
        LogModelLoaded(_logger, Model.Name, Model.Version, Model.Sha256, modelPath, WarmUpDuration.TotalMilliseconds, loneThreads, slots, _preprocessor.JpegDecoderName);
        if (!_preprocessor.UsesLibJpegTurbo && jpegDecoder == JpegDecoderChoice.Auto)
        {
            LogNoLibJpegTurbo(_logger);
        }

        LogOperatingPoint(OperatingPoint);
        if (_segmenter is not null)
        {
            LogSegmenterLoaded(_logger, _segmenter.Contract.File, _segmenter.Contract.Version, _segmenter.Contract.Sha256, _segmenter.WarmUpDuration.TotalMilliseconds);
        }
    }

    /// <summary>Which operating point answers; a site profile whose sensitivity interval reaches below the floor is a warning.</summary>
    private void LogOperatingPoint(OperatingPoint operatingPoint)
    {
        if (operatingPoint.Profile is not { } profile)
        {
            LogShippedOperatingPoint(_logger, operatingPoint.Threshold);
            return;
        }

        var sensitivity = profile.Figures.Sensitivity;
        LogSiteOperatingPoint(_logger, profile.Site, profile.Version, profile.Threshold, Manifest.MalignantThreshold.Value, profile.ChosenOn.Malignant, profile.Source ?? string.Empty);
        if (profile.SensitivityBelowFloor)
        {
            LogSiteSensitivityBelowFloor(_logger, profile.Site, profile.Version, sensitivity.Value ?? double.NaN, profile.SensitivityLowerBound,
                SiteProfile.SensitivityWarningFloor, profile.ChosenOn.Malignant);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Loaded model {ModelName} {ModelVersion} (sha256 {ModelSha256}) from {ModelPath}; warm-up {WarmUpMs:F1} ms, {IntraOpThreads} intra-op thread(s) for a request alone (one beside others), {MaxConcurrentInferences} concurrent inference(s), JPEG decoder {JpegDecoder}")]
    private static partial void LogModelLoaded(ILogger logger, string modelName, string modelVersion, string modelSha256, string modelPath, double warmUpMs, int intraOpThreads, int maxConcurrentInferences, string jpegDecoder);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information,
        Message = "Loaded segmentation graph {SegmentationFile} {SegmentationVersion} (sha256 {SegmentationSha256}); warm-up {WarmUpMs:F1} ms")]
    private static partial void LogSegmenterLoaded(ILogger logger, string segmentationFile, string segmentationVersion, string segmentationSha256, double warmUpMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Disposing the model while {Running} inference(s) still ran after {WaitSeconds} s; its sessions are left to the process's exit, not freed under them.")]
    private static partial void LogDisposeTimedOut(ILogger logger, int running, double waitSeconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information,
        Message = "Operating point: shipped (the manifest's threshold {Threshold} and uncertainty band)")]
    private static partial void LogShippedOperatingPoint(ILogger logger, double threshold);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information,
        Message = "Operating point: site {Site} version {ProfileVersion}, threshold {Threshold} (shipped {ShippedThreshold}), chosen on {MalignantCases} malignant cases; profile {ProfilePath}")]
    private static partial void LogSiteOperatingPoint(ILogger logger, string site, string profileVersion, double threshold, double shippedThreshold, int malignantCases, string profilePath);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning,
        Message = "Site profile {Site} version {ProfileVersion}: its malignant sensitivity {Sensitivity:F3} may be as low as {Lower:F3} (the lower end of its 95% interval), below {Floor:F2} ({MalignantCases} malignant cases). Verdicts may miss more malignant lesions than intended; calibrate again on more labelled malignant cases (docs/site-calibration.md).")]
    private static partial void LogSiteSensitivityBelowFloor(ILogger logger, string site, string profileVersion, double sensitivity, double lower, double floor, int malignantCases);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "libturbojpeg was not found, so JPEGs are decoded by ImageSharp, whose pixels differ slightly from the Python reference (Pillow/libjpeg-turbo). Install libjpeg-turbo's TurboJPEG library (Debian: libturbojpeg0, Ubuntu: libturbojpeg) for bit-exact parity.")]
    private static partial void LogNoLibJpegTurbo(ILogger logger);
}
