using Microsoft.Extensions.Configuration;
using SkinLesion.Cli.Settings;

namespace SkinLesion.Cli.Calibration;

/// <summary>
/// The image settings the service runs with (its SkinLesion:Images section, SkinLesion__Images__* in its environment), so a
/// site's threshold is chosen on the probabilities its service will produce: another JPEG decoder or full-resolution
/// decoding moves borderline images across a threshold.
/// </summary>
internal static class ServedImageOptions
{
    /// <summary>The options, and what they came from for the run's first lines.</summary>
    public static (ImageOptions Options, string From) Read(IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = ServiceSettings.Bind<ImageOptions>(settings, ImageOptions.SectionName, Refusal);
        var given = ServiceSettings.Given(settings, ImageOptions.SectionName);
        var problems = ServiceSettings.Problems(options);
        if (problems.Count > 0)
        {
            throw Refusal($"The service's image settings are invalid, so it would not start with them: {string.Join("; ", problems)} ({string.Join(", ", given)}).");
        }

        string variables = ServiceSettings.VariableName(ImageOptions.SectionName, string.Empty);
        return (options, given.Count == 0 ? $"the service's defaults, as no {variables} variable is set" : string.Join(", ", given));
    }

    private static CalibrationRefusedException Refusal(string message) =>
        new($"{message} The profile must be chosen with the settings the service will run with.");
}
