using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace SkinLesion.Cli.Settings;

/// <summary>
/// The service's settings as a job beside it has them: its environment variables (SkinLesion__Audit__Provider, ...), read
/// by the same configuration provider, bound by the same binder and checked by the same validation as the service's options.
/// One reader, so a command never acts on another store, model or image setting than the service it serves, and a
/// value outside a setting's own range, which the service would refuse at its start, is refused here too (the checks that
/// span sections, such as the admission budget against MaxPixels, stay the service's).
/// </summary>
internal static class ServiceSettings
{
    /// <summary>The process's environment variables, named as the service reads them ("__" separates sections).</summary>
    public static IConfiguration FromEnvironment() => new ConfigurationBuilder().AddEnvironmentVariables().Build();

    /// <summary>
    /// The section bound onto the options' defaults. A value the binder cannot convert (a word where a number goes, a name
    /// that is not one of the enum's) or a key the options do not have becomes <paramref name="refuse"/>'s exception, with
    /// the binder's own words.
    /// </summary>
    public static T Bind<T>(IConfiguration settings, string section, Func<string, Exception> refuse)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(refuse);
        var options = new T();
        try
        {
            // Strict, as the service binds: a key the section does not have is refused rather than ignored.
            settings.GetSection(section).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw refuse($"{ex.Message} The service would not start with it either (as an environment variable, each : in the name is written __).");
        }

        return options;
    }

    /// <summary>The options' validation problems, as the service's ValidateDataAnnotations reports them; empty when valid.</summary>
    public static IReadOnlyList<string> Problems(object options)
    {
        var problems = new List<ValidationResult>();
        return Validator.TryValidateObject(options, new ValidationContext(options), problems, validateAllProperties: true)
            ? []
            : [.. problems.Select(problem => problem.ErrorMessage ?? "invalid")];
    }

    /// <summary>The section's variables that are set, as an operator wrote them (SkinLesion__Images__MinSide=32), for a run's first lines.</summary>
    public static IReadOnlyList<string> Given(IConfiguration settings, string section)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [.. settings.GetSection(section).AsEnumerable()
            .Where(setting => !string.IsNullOrEmpty(setting.Value))
            .OrderBy(setting => setting.Key, StringComparer.OrdinalIgnoreCase)
            .Select(setting => $"{setting.Key.Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal)}={setting.Value}")];
    }

    /// <summary>A setting's name as an environment variable (SkinLesion:Model + Path → SkinLesion__Model__Path), for messages.</summary>
    public static string VariableName(string section, string key) =>
        ConfigurationPath.Combine(section, key).Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal);
}
