using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests.Hosting;

/// <summary>
/// Behind a reverse proxy (docs/decisions/0054-trusted-proxies.md): whose X-Forwarded-For decides a client's
/// rate-limit bucket. Each test's bucket holds one request a minute, so a second request from the same client is a
/// 429 and one from another client is not.
/// </summary>
public sealed class TrustedProxyTests
{
    private const string Proxy = "10.42.0.7";
    private const string Outsider = "192.0.2.50";

    [Fact]
    public async Task Request_FromAnUntrustedSender_KeepsItsOwnAddressWhateverItForwards()
    {
        // Arrange
        using var factory = Host(forwardedHeaders: true, trustedProxies: ["10.42.0.0/16", "fd00::5"]);

        // Act: the same sender claims to forward for two clients.
        using var answers = await TwoForwardedClientsAsync(factory, Outsider);

        // Assert
        Assert.Equal(HttpStatusCode.OK, answers.First.StatusCode);
        await Http.AssertProblemAsync(answers.Second, HttpStatusCode.TooManyRequests, ProblemTypes.TooManyRequests, "try again in");
    }

    [Theory]
    [InlineData("10.42.0.0/16", Proxy)]
    [InlineData(Proxy, Proxy)]
    [InlineData("fd00::5", "fd00::5")]
    [InlineData("10.42.0.0/16", "::ffff:10.42.0.7")] // as Kestrel reports an IPv4 peer on a dual-stack socket
    [InlineData("fd00::/64", "fd00::9")]
    public async Task Request_ThroughATrustedProxyByAddressOrNetwork_IsCountedAsTheClientItForwards(string trusted, string peer)
    {
        using var factory = Host(forwardedHeaders: true, trustedProxies: [trusted]);

        using var answers = await TwoForwardedClientsAsync(factory, peer);

        Assert.Equal(HttpStatusCode.OK, answers.First.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answers.Second.StatusCode);
    }

    [Fact]
    public async Task Request_WithTheSwitchAloneAndNoTrustedProxy_IsCountedAsWhoeverItForwardsAndTheStartWarns()
    {
        // The host's own behaviour, which the README and the start's warning describe: every sender is believed.
        var warnings = new ConcurrentQueue<string>();
        using var factory = Host(forwardedHeaders: true, trustedProxies: [], warnings);

        using var answers = await TwoForwardedClientsAsync(factory, Outsider);

        Assert.Equal(HttpStatusCode.OK, answers.First.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answers.Second.StatusCode);
        var warning = Assert.Single(warnings, w => w.Contains("ASPNETCORE_FORWARDEDHEADERS_ENABLED", StringComparison.Ordinal));
        Assert.Contains("taken from every sender", warning, StringComparison.Ordinal);
        Assert.Contains("SkinLesion:ForwardedHeaders:TrustedProxies", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WithTrustedProxies_DoesNotWarn()
    {
        var warnings = new ConcurrentQueue<string>();
        using var factory = Host(forwardedHeaders: true, trustedProxies: ["10.42.0.0/16"], warnings);

        using var client = factory.CreateClient();

        Assert.DoesNotContain(warnings, w => w.Contains("ASPNETCORE_FORWARDEDHEADERS_ENABLED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_WithForwardedHeadersOff_IsCountedAsTheSenderWhateverItForwards()
    {
        using var factory = Host(forwardedHeaders: false, trustedProxies: []);

        using var answers = await TwoForwardedClientsAsync(factory, Proxy);

        Assert.Equal(HttpStatusCode.OK, answers.First.StatusCode);
        await Http.AssertProblemAsync(answers.Second, HttpStatusCode.TooManyRequests, ProblemTypes.TooManyRequests, "try again in");
    }

    [Theory]
    [InlineData("10.42.0.0/33", "SkinLesion:ForwardedHeaders:TrustedProxies:1 ('10.42.0.0/33') is neither an IP address nor a network in CIDR notation")]
    [InlineData("10.42.0.1/16", "SkinLesion:ForwardedHeaders:TrustedProxies:1 ('10.42.0.1/16') is neither")]
    [InlineData("proxy.hospital.internal", "SkinLesion:ForwardedHeaders:TrustedProxies:1 ('proxy.hospital.internal') is neither")]
    [InlineData("10", "SkinLesion:ForwardedHeaders:TrustedProxies:1 ('10') is neither")]
    [InlineData("10.042.0.7", "SkinLesion:ForwardedHeaders:TrustedProxies:1 ('10.042.0.7') is neither")]
    [InlineData("10.42.0/24", "SkinLesion:ForwardedHeaders:TrustedProxies:1 ('10.42.0/24') is neither")]
    [InlineData("0.0.0.0/0", "SkinLesion:ForwardedHeaders:TrustedProxies:1 ('0.0.0.0/0') is neither")]
    [InlineData("::/0", "SkinLesion:ForwardedHeaders:TrustedProxies:1 ('::/0') is neither")]
    [InlineData(" ", "SkinLesion:ForwardedHeaders:TrustedProxies:1 (' ') is neither")]
    public void Start_TrustedProxyThatIsNotAnAddressOrNetwork_FailsNamingIt(string entry, string message)
    {
        using var factory = Host(forwardedHeaders: true, trustedProxies: ["10.0.0.1", entry]);

        var error = Http.StartupError(factory).ToString();

        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_TrustedProxiesWithForwardedHeadersOff_FailsNamingTheSwitch()
    {
        using var factory = Host(forwardedHeaders: false, trustedProxies: ["10.42.0.0/16"]);

        var error = Http.StartupError(factory).ToString();

        Assert.Contains("SkinLesion:ForwardedHeaders:TrustedProxies is set, but forwarded headers are off", error, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_FORWARDEDHEADERS_ENABLED=true", error, StringComparison.Ordinal);
    }

    private static WebApplicationFactory<Program> Host(bool forwardedHeaders, string[] trustedProxies, ConcurrentQueue<string>? warnings = null) =>
        new ApiFactory().WithWebHostBuilder(builder =>
        {
            if (warnings is not null)
            {
                builder.ConfigureLogging(logging => logging.AddProvider(new WarningRecorder(warnings)));
            }

            builder.UseSetting("SkinLesion:RateLimit:TokenLimit", "1");
            builder.UseSetting("SkinLesion:RateLimit:TokensPerPeriod", "1");
            builder.UseSetting("SkinLesion:RateLimit:ReplenishmentPeriodSeconds", "60");
            builder.UseSetting("FORWARDEDHEADERS_ENABLED", forwardedHeaders ? "true" : "false");
            for (int i = 0; i < trustedProxies.Length; i++)
            {
                builder.UseSetting($"SkinLesion:ForwardedHeaders:TrustedProxies:{i}", trustedProxies[i]);
            }

            // Ahead of every other startup filter, the host's forwarded-headers one included: the in-memory server has
            // no socket, so the peer's address comes from the test.
            builder.ConfigureServices(services => services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, PeerAddress>()));
        });

    /// <summary>
    /// Two requests from <paramref name="peer"/>, each forwarding for another client: with a bucket of one request a
    /// minute, the second is a 429 exactly when both were counted as the same client.
    /// </summary>
    private static async Task<Answers> TwoForwardedClientsAsync(WebApplicationFactory<Program> factory, string peer)
    {
        using var client = factory.CreateClient();
        var first = await GetModelAsync(client, peer, forwardedFor: "203.0.113.1");
        return new Answers(first, await GetModelAsync(client, peer, forwardedFor: "203.0.113.2"));
    }

    private static Task<HttpResponseMessage> GetModelAsync(HttpClient client, string peer, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/model");
        request.Headers.Add(PeerAddress.Header, peer);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }

    private sealed record Answers(HttpResponseMessage First, HttpResponseMessage Second) : IDisposable
    {
        public void Dispose()
        {
            First.Dispose();
            Second.Dispose();
        }
    }

    /// <summary>Sets the connection's remote address from a test header, as a socket would.</summary>
    private sealed class PeerAddress : IStartupFilter
    {
        public const string Header = "X-Test-Peer";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[Header].ToString());
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
