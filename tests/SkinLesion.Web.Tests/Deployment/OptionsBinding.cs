using System.Reflection;
using Microsoft.Extensions.Configuration;
using SkinLesion.Audit;
using SkinLesion.Web.Setup;

namespace SkinLesion.Web.Tests.Deployment;

/// <summary>
/// Whether an environment variable named in a manifest is one the service reads: a SkinLesion__ variable must bind,
/// through the configuration binder with unknown keys as errors, to the options class of its section; any other
/// must be one of the host's own variables.
/// </summary>
internal static class OptionsBinding
{
    /// <summary>Variables the host or its libraries read rather than an options class, and why each is allowed.</summary>
    private static readonly Dictionary<string, string> HostVariables = new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "the hosting environment",
        ["ASPNETCORE_HTTP_PORTS"] = "Kestrel's ports",
        ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "the host's own forwarded-headers middleware (scheme and client address behind the ingress)",
        [TelemetrySetup.OtlpEndpointVariable] = "switches OTLP export on (Setup/TelemetrySetup.cs)",
        ["OTEL_SERVICE_NAME"] = "the OpenTelemetry SDK's service name",
        ["OTEL_RESOURCE_ATTRIBUTES"] = "the OpenTelemetry SDK's resource attributes",
    };

    /// <summary>Every options class with a configuration section, by its section ("SkinLesion:Audit").</summary>
    private static readonly Lazy<Dictionary<string, Type>> Sections = new(() =>
        new[] { typeof(Program).Assembly, typeof(ModelOptions).Assembly, typeof(AuditOptions).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Select(type => (type, field: type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(pair => pair.field is { IsLiteral: true } && pair.field.FieldType == typeof(string))
            .ToDictionary(pair => (string)pair.field!.GetRawConstantValue()!, pair => pair.type, StringComparer.OrdinalIgnoreCase));

    public static IReadOnlyCollection<string> SectionNames => Sections.Value.Keys;

    /// <summary>Why <paramref name="name"/> would not reach the service with <paramref name="value"/>, or null when it does.</summary>
    public static string? Problem(string name, string value)
    {
        if (!name.StartsWith("SkinLesion__", StringComparison.Ordinal))
        {
            return HostVariables.ContainsKey(name) ? null : $"{name} is neither a SkinLesion__ option nor a host variable the service reads";
        }

        string key = name.Replace("__", ":", StringComparison.Ordinal);
        var segments = key.Split(':');
        if (segments.Length < 3)
        {
            return $"{name} names no option inside a section";
        }

        string section = $"{segments[0]}:{segments[1]}";
        if (!Sections.Value.TryGetValue(section, out var optionsType))
        {
            return $"{name}: no options class reads section {section} (known: {string.Join(", ", SectionNames)})";
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
        try
        {
            configuration.GetSection(section).Get(optionsType, binder => binder.ErrorOnUnknownConfiguration = true);
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return $"{name}={value} does not bind to {optionsType.Name}: {ex.Message}";
        }
    }
}
