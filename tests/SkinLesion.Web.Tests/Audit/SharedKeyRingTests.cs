using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using SkinLesion.Audit;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared.Audit;

namespace SkinLesion.Web.Tests.Audit;

/// <summary>
/// Two replicas, as two hosts in one process: a form served by one is posted to the other. The page's form token is
/// protected with the Data Protection key ring the audit store keeps, so it is good on every host of that store.
/// </summary>
public sealed partial class SharedKeyRingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("skinlesion-keyring-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        AuditDataDirectory.Remove(_directory);
    }

    [Fact]
    public async Task Post_FormTokenFromAnotherHostOfTheSameStore_Returns200WithAResult()
    {
        // Arrange
        var dataDirectory = Path.Combine(_directory, "shared");
        using var hostA = Host(dataDirectory);
        using var hostB = Host(dataDirectory);
        var (cookie, token) = await FormFromAsync(hostA);
        using var clientB = hostB.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        // Act
        using var response = await PostAsync(clientB, cookie, token);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert: a result, not the expired form; and the key that protected the token is in the shared store.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("data-verdict=\"(benign|malignant)\"", html);
        Assert.DoesNotContain("invalid-antiforgery-token", html, StringComparison.Ordinal);
        Assert.NotEqual(0L, await KeyCountAsync(dataDirectory));
    }

    [Fact]
    public async Task Post_FormTokenFromAHostOfAnotherStore_Returns400ExpiredForm()
    {
        // Arrange: the control: each host has a store, and so a key ring, of its own.
        using var hostA = Host(Path.Combine(_directory, "a"));
        using var hostB = Host(Path.Combine(_directory, "b"));
        var (cookie, token) = await FormFromAsync(hostA);
        using var clientB = hostB.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        // Act
        using var response = await PostAsync(clientB, cookie, token);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("data-refusal=\"invalid-antiforgery-token\"", html, StringComparison.Ordinal);
        Assert.Contains("The form has expired", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-verdict", html, StringComparison.Ordinal);
    }

    private static WebApplicationFactory<Program> Host(string dataDirectory) =>
        new ApiFactory().WithWebHostBuilder(builder => builder.UseSetting("SkinLesion:Audit:DataDirectory", dataDirectory));

    /// <summary>The page's form as a browser gets it from <paramref name="host"/>: the antiforgery cookie and the hidden field's token.</summary>
    private static async Task<(string Cookie, string Token)> FormFromAsync(WebApplicationFactory<Program> host)
    {
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var response = await client.GetAsync("/");
        response.EnsureSuccessStatusCode();
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), value => value.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        var html = await response.Content.ReadAsStringAsync();
        return (cookie.Split(';')[0], WebUtility.HtmlDecode(PageText.AntiforgeryToken().Match(html).Groups["token"].Value));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string cookie, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = ClinicianPageTests.Form(AssessmentImages.DermoscopyLikePng(640, 480), "lesion.png", token),
        };
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private static async Task<long> KeyCountAsync(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, AuditOptions.DatabaseFileName);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM data_protection_keys";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
