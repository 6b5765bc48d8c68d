using System.Globalization;
using Microsoft.Extensions.Options;
using SkinLesion.Inference.Admission;

namespace SkinLesion.Web.Admission;

/// <summary>
/// The rules that span sections: the pixel budget must admit the largest image the service accepts, and a request may
/// wait in line only for less than its whole classify timeout.
/// </summary>
internal sealed class AdmissionOptionsValidator(IOptions<ImageOptions> images, IOptions<SlowClientOptions> clients) : IValidateOptions<AdmissionOptions>
{
    public ValidateOptionsResult Validate(string? name, AdmissionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        long maxPixels = images.Value.MaxPixels;
        if (options.MaxDecodedPixels < maxPixels)
        {
            return ValidateOptionsResult.Fail(
                $"{AdmissionOptions.SectionName}:{nameof(AdmissionOptions.MaxDecodedPixels)} ({options.MaxDecodedPixels:N0}) must be at least {ImageOptions.SectionName}:{nameof(ImageOptions.MaxPixels)} ({maxPixels:N0}), or the largest accepted image could never be decoded.");
        }

        // A wait as long as the timeout ends in 408 "too slow" for the client rather than 503 busy with Retry-After.
        double timeout = clients.Value.ClassifyTimeoutSeconds;
        return options.MaxQueueWaitSeconds < timeout
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{AdmissionOptions.SectionName}:{nameof(AdmissionOptions.MaxQueueWaitSeconds)} ({options.MaxQueueWaitSeconds}) must be less than {SlowClientOptions.SectionName}:{nameof(SlowClientOptions.ClassifyTimeoutSeconds)} ({timeout}), or a request waiting in line runs out of time and is told its upload was too slow instead of that the service is busy."));
    }
}
