using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace SkinLesion.Cli.Calibration;

/// <summary>
/// The image settings the service runs with, read from the same environment variables it reads
/// (SkinLesion__Images__*), so a site's threshold is chosen on the probabilities its service will produce: another JPEG
/// decoder or full-resolution decoding moves borderline images across a threshold.
/// </summary>
internal static class ServedImageOptions
{
    private const string Prefix = "SkinLesion__Images__";

    /// <summary>The options, and what they came from for the run's first lines.</summary>
    public static (ImageOptions Options, string From) Read(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var options = new ImageOptions();
        var given = new List<string>();
        if (Value(environment, nameof(ImageOptions.JpegDecoder), given) is { } decoder)
        {
            options.JpegDecoder = Enum.TryParse<JpegDecoderChoice>(decoder, ignoreCase: true, out var choice) && Enum.IsDefined(choice)
                ? choice
                : throw Invalid(nameof(ImageOptions.JpegDecoder), decoder, string.Join(", ", Enum.GetNames<JpegDecoderChoice>()));
        }

        if (Value(environment, nameof(ImageOptions.ReducedJpegDecoding), given) is { } reduced)
        {
            options.ReducedJpegDecoding = bool.TryParse(reduced, out var on) ? on : throw Invalid(nameof(ImageOptions.ReducedJpegDecoding), reduced, "true or false");
        }

        if (Value(environment, nameof(ImageOptions.MinSide), given) is { } minSide)
        {
            options.MinSide = int.TryParse(minSide, NumberStyles.Integer, CultureInfo.InvariantCulture, out var side) ? side : throw Invalid(nameof(ImageOptions.MinSide), minSide, "a whole number");
        }

        if (Value(environment, nameof(ImageOptions.MaxPixels), given) is { } maxPixels)
        {
            options.MaxPixels = long.TryParse(maxPixels, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pixels) ? pixels : throw Invalid(nameof(ImageOptions.MaxPixels), maxPixels, "a whole number");
        }

        // The same ranges the service validates at its start.
        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), problems, validateAllProperties: true))
        {
            throw new CalibrationRefusedException($"The service's image settings are invalid, so it would not start with them: {string.Join("; ", problems.Select(p => p.ErrorMessage))} ({string.Join(", ", given)}).");
        }

        return (options, given.Count == 0 ? "the service's defaults, as no SkinLesion__Images__ variable is set" : string.Join(", ", given));
    }

    private static string? Value(Func<string, string?> environment, string name, List<string> given)
    {
        string? value = environment(Prefix + name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        given.Add($"{Prefix}{name}={value}");
        return value.Trim();
    }

    private static CalibrationRefusedException Invalid(string name, string value, string expected) =>
        new($"{Prefix}{name}='{value}' is not a value the service accepts ({expected}); the profile must be chosen with the settings the service will run with.");
}
