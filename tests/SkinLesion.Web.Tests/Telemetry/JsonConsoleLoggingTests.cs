using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace SkinLesion.Web.Tests.Telemetry;

/// <summary>Console logs outside Development are JSON with the request's scope, for the hospital's log collector (Setup/LoggingSetup.cs).</summary>
public sealed class JsonConsoleLoggingTests
{
    [Theory]
    [InlineData("Production", "json")]
    [InlineData("Testing", "json")]
    [InlineData("Development", "simple")]
    public void ConsoleLogs_OutsideDevelopment_AreJsonWithTheRequestScope(string environment, string formatter)
    {
        // Arrange
        using var factory = new ApiFactory();
        using var host = factory.WithWebHostBuilder(builder => builder.UseEnvironment(environment));

        // Act
        var console = host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var json = host.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;

        // Assert
        Assert.Equal(formatter, console.FormatterName ?? "simple");
        if (formatter == "json")
        {
            // The request's scope (RequestId, the requestId of the answer) is what puts the id on every line.
            Assert.True(json.IncludeScopes);
            Assert.True(json.UseUtcTimestamp);
        }
    }
}
