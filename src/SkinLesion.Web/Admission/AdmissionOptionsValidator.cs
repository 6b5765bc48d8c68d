using Microsoft.Extensions.Options;
using SkinLesion.Inference.Admission;

namespace SkinLesion.Web.Admission;

/// <summary>The rule that spans two sections: the pixel budget must admit the largest image the service accepts.</summary>
internal sealed class AdmissionOptionsValidator(IOptions<ImageOptions> images) : IValidateOptions<AdmissionOptions>
{
    public ValidateOptionsResult Validate(string? name, AdmissionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        long maxPixels = images.Value.MaxPixels;
        return options.MaxDecodedPixels >= maxPixels
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{AdmissionOptions.SectionName}:{nameof(AdmissionOptions.MaxDecodedPixels)} ({options.MaxDecodedPixels:N0}) must be at least {ImageOptions.SectionName}:{nameof(ImageOptions.MaxPixels)} ({maxPixels:N0}), or the largest accepted image could never be decoded.");
    }
}
