using Microsoft.Extensions.Configuration;

namespace SkinLesion.Cli.Tests;

/// <summary>
/// The service's settings as its environment variables give them, for a command under test, without touching the test
/// process's own environment (tests run in parallel). Names are written as an operator sets them (SkinLesion__Model__Path)
/// and keyed as the environment provider keys them ("__" is the section separator).
/// </summary>
internal static class ServiceEnvironment
{
    public static IConfiguration None { get; } = With();

    public static IConfiguration With(params (string Variable, string Value)[] variables) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(variables.Select(v => KeyValuePair.Create(v.Variable.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), (string?)v.Value)))
            .Build();
}
