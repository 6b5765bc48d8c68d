using Microsoft.Extensions.Options;

namespace SkinLesion.Web.Setup;

/// <summary>
/// Refuses a section under SkinLesion that no options type binds. A key inside a bound section is refused by that
/// section's strict binding, but a misspelt section (SkinLesion__Audits__SqliteSynchronous=Full) was never bound at
/// all, so the service started on the default without a word.
/// </summary>
internal sealed class ConfigurationSectionsValidator(IConfiguration configuration, IEnumerable<BoundSection> bound) : IValidateOptions<ConfigurationSections>
{
    public ValidateOptionsResult Validate(string? name, ConfigurationSections options)
    {
        var known = bound.Select(section => section.Path[(ConfigurationSections.Root.Length + 1)..]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = configuration.GetSection(ConfigurationSections.Root).GetChildren().Where(section => !known.Contains(section.Key)).ToList();
        return unknown.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(unknown.Select(section =>
                $"'{section.Path}' (e.g. {EnvironmentName(FirstKey(section))}) is not a settings section of this service; the sections are {string.Join(", ", known.Order(StringComparer.Ordinal))} (README, \"Configuration\")."));
    }

    private static string FirstKey(IConfigurationSection section) =>
        section.GetChildren().FirstOrDefault() is { } child ? FirstKey(child) : section.Path;

    private static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
