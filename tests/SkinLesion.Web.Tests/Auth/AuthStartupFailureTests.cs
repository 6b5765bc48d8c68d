using Microsoft.AspNetCore.Hosting;

namespace SkinLesion.Web.Tests.Auth;

/// <summary>Authentication settings are checked at startup: outside Development no method means no start, and a bad setting is named.</summary>
public sealed class AuthStartupFailureTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Start_OutsideDevelopmentWithoutAuthentication_FailsNamingTheSettings(string environment)
    {
        // Arrange
        using var factory = new ApiFactory().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("SkinLesion:Auth:AllowAnonymous", "false");
        });

        // Act
        var error = Http.StartupError(factory).ToString();

        // Assert
        Assert.Contains($"the environment is '{environment}', not Development", error, StringComparison.Ordinal);
        foreach (var setting in new[] { "SkinLesion:Auth:ApiKeys:0:Sha256", "SkinLesion:Auth:Bearer:Authority", "SkinLesion:Auth:OpenIdConnect:Authority", "SkinLesion:Auth:AllowAnonymous=true" })
        {
            Assert.Contains(setting, error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("SkinLesion:Auth:ApiKeys:0:Name=lab;SkinLesion:Auth:ApiKeys:0:Sha256=the-key-itself", "SkinLesion:Auth:ApiKeys:0:Sha256 must be the key's SHA-256 as 64 hex digits")]
    [InlineData("SkinLesion:Auth:ApiKeys:0:Sha256=" + ZeroHash, "SkinLesion:Auth:ApiKeys:0:Name is empty")]
    [InlineData("SkinLesion:Auth:ApiKeys:0:Name=lab;SkinLesion:Auth:ApiKeys:0:Sha256=" + ZeroHash + ";SkinLesion:Auth:ApiKeys:1:Name=lab;SkinLesion:Auth:ApiKeys:1:Sha256=" + OneHash, "SkinLesion:Auth:ApiKeys:1:Name 'lab' is used by another API key")]
    [InlineData("SkinLesion:Auth:ApiKeys:0:Name=lab;SkinLesion:Auth:ApiKeys:0:Sha256=" + ZeroHash + ";SkinLesion:Auth:ApiKeys:1:Name=ward;SkinLesion:Auth:ApiKeys:1:Sha256=" + ZeroHash, "SkinLesion:Auth:ApiKeys:1:Sha256 is the same hash as another API key's")]
    [InlineData("SkinLesion:Auth:Bearer:Authority=https://idp.test/realms/hospital", "SkinLesion:Auth:Bearer:Audience is empty")]
    [InlineData("SkinLesion:Auth:Bearer:Authority=http://idp.test/realms/hospital;SkinLesion:Auth:Bearer:Audience=api", "set SkinLesion:Auth:Bearer:RequireHttpsMetadata=false only for a development identity provider")]
    [InlineData("SkinLesion:Auth:Bearer:Audience=api", "SkinLesion:Auth:Bearer:Authority is empty")]
    [InlineData("SkinLesion:Auth:Bearer:Authority=https://idp.test/realms/hospital;SkinLesion:Auth:Bearer:Audience=api;SkinLesion:Auth:Bearer:RequiredScope=skinlesion.classify skinlesion.read", "SkinLesion:Auth:Bearer:RequiredScope 'skinlesion.classify skinlesion.read' holds a space")]
    [InlineData("SkinLesion:Auth:Bearer:Authority=https://idp.test/realms/hospital;SkinLesion:Auth:Bearer:Audience=api;SkinLesion:Auth:Bearer:RequiredRole=clinician ", "SkinLesion:Auth:Bearer:RequiredRole 'clinician ' holds a space")]
    [InlineData("SkinLesion:Auth:OpenIdConnect:Authority=idp.test", "SkinLesion:Auth:OpenIdConnect:Authority 'idp.test' is not an absolute http(s) URL")]
    [InlineData("SkinLesion:Auth:OpenIdConnect:Authority=https://idp.test/realms/hospital", "SkinLesion:Auth:OpenIdConnect:ClientId is empty")]
    public void Start_InvalidAuthenticationSetting_FailsNamingIt(string settings, string message)
    {
        // Arrange
        using var factory = new ApiFactory().WithWebHostBuilder(builder =>
        {
            foreach (var setting in settings.Split(';'))
            {
                var (key, value) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                builder.UseSetting(key, value);
            }
        });

        // Act
        var error = Http.StartupError(factory).ToString();

        // Assert
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    private const string ZeroHash = "0000000000000000000000000000000000000000000000000000000000000000";
    private const string OneHash = "1111111111111111111111111111111111111111111111111111111111111111";
}
