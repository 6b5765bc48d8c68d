using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests.Auth;

/// <summary>
/// The clinician's page with OpenID Connect sign-in, through the real handlers: the browser is sent to the identity
/// provider, comes back with a code, the service redeems it at the provider's token endpoint (the test provider) and
/// validates the id token; the form post then still needs its antiforgery token.
/// </summary>
public sealed class PageSignInTests : IClassFixture<PageSignInTests.Host>
{
    private const string Subject = "f0c1d2e3-clinician";
    private const string DisplayName = "Dr Ada Lovelace";

    private readonly Host _host;

    public PageSignInTests(Host host) => _host = host;

    [Fact]
    public async Task Get_Page_NotSignedIn_RedirectsToTheIdentityProviderWithPkce()
    {
        // Arrange
        using var browser = Browser();

        // Act
        using var response = await browser.SendAsync(PageRequest(HttpMethod.Get));

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(_host.Provider.Configuration.AuthorizationEndpoint + "?", location.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(TestIdentityProvider.PageClientId, query["client_id"].ToString());
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Equal("https://localhost/signin-oidc", query["redirect_uri"].ToString());
    }

    [Fact]
    public async Task ErrorPage_401_OffersTheUploadPageToSignInAgain()
    {
        // Arrange: a sign-in that came back refused or cancelled ends on the 401 page; with page sign-in there is a way on.
        using var browser = Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/error/401");
        request.Headers.Accept.ParseAdd("text/html");

        // Act
        using var response = await browser.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("<h1 id=\"error-heading\">Sign-in required</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Open the upload page to sign in again.", html, StringComparison.Ordinal);
        Assert.Contains("Back to the upload page", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_Api_NoCredential_401ProblemNotARedirect()
    {
        // Arrange: page sign-in is for browsers; a program calling the API gets problem details.
        using var browser = Browser();

        // Act
        using var response = await browser.SendAsync(AuthHosts.ClassifyRequest());

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "only the clinician's page signs in");
    }

    [Fact]
    public async Task SignIn_ThenClassifyOnThePage_200ResultAndTheCallerIsTheSignedInSubject()
    {
        // Arrange
        using var browser = Browser();
        await SignInAsync(browser);

        // Act
        using var page = await browser.SendAsync(PageRequest(HttpMethod.Get));
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        var seen = _host.Recorder.Last("/");
        using var post = PageRequest(HttpMethod.Post);
        post.Content = ClinicianPageTests.Form(AuthHosts.Lesion, "lesion.png", await ClinicianPageTests.TokenAsync(browser));
        using var result = await browser.SendAsync(post);
        var resultHtml = await result.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"Signed in as <strong>{DisplayName}</strong>", html, StringComparison.Ordinal);
        Assert.Contains("form-action 'self' https://idp.test;", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("Authentication is off", html, StringComparison.Ordinal);
        Assert.True(seen.IsAuthenticated);
        Assert.Equal("OpenIdConnect", seen.AuthenticationType);
        Assert.Equal(Subject, seen.Name);
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Matches("data-verdict=\"(benign|malignant)\"", resultHtml);
    }

    [Fact]
    public async Task SignedIn_FormPostWithoutAntiforgeryToken_400ExpiredFormMessage()
    {
        // Arrange: signed in, but the form did not come from this page (a cross-site post rides on the session cookie).
        using var browser = Browser();
        await SignInAsync(browser);
        using var post = PageRequest(HttpMethod.Post);
        post.Content = ClinicianPageTests.Form(AuthHosts.Lesion, "lesion.png", token: null);

        // Act
        using var response = await browser.SendAsync(post);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("data-refusal=\"invalid-antiforgery-token\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-verdict", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_WithAntiforgeryToken_EndsTheSessionHereAndAtTheIdentityProvider()
    {
        // Arrange
        using var browser = Browser();
        await SignInAsync(browser);
        string token = await ClinicianPageTests.TokenAsync(browser);
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/account/sign-out")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
        };

        // Act
        using var response = await browser.SendAsync(signOut);
        using var after = await browser.SendAsync(PageRequest(HttpMethod.Get));

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var endSession = response.Headers.Location!;
        Assert.StartsWith(_host.Provider.Configuration.EndSessionEndpoint + "?", endSession.ToString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(QueryHelpers.ParseQuery(endSession.Query)["id_token_hint"]), "the provider is told whose session to end");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode); // no session left: back to the identity provider
        Assert.StartsWith(_host.Provider.Configuration.AuthorizationEndpoint, after.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>What a browser does: follow the redirect to the provider, sign in there, and post the code back.</summary>
    private async Task SignInAsync(HttpClient browser)
    {
        using var challenge = await browser.SendAsync(PageRequest(HttpMethod.Get));
        var query = QueryHelpers.ParseQuery(challenge.Headers.Location!.Query);
        string code = _host.Provider.IssueCode(query["nonce"].ToString(), Subject, DisplayName);
        using var callback = await browser.PostAsync("/signin-oidc", new FormUrlEncodedContent([new("code", code), new("state", query["state"].ToString())]));
        Assert.True(callback.StatusCode == HttpStatusCode.Redirect, $"the sign-in callback answered {(int)callback.StatusCode}: {await callback.Content.ReadAsStringAsync()}");
        Assert.Equal("/", callback.Headers.Location!.OriginalString);
    }

    // HTTPS, because the session and the sign-in's correlation cookies are Secure; redirects are followed by hand.
    private HttpClient Browser() =>
        _host.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

    private static HttpRequestMessage PageRequest(HttpMethod method)
    {
        var request = new HttpRequestMessage(method, "/");
        request.Headers.Accept.ParseAdd("text/html");
        return request;
    }

    /// <summary>One host for the class: page sign-in only, against the test identity provider.</summary>
    public sealed class Host : IDisposable
    {
        public Host() => Factory = AuthHosts.Create(TestIdentityProvider.PageSettings(), Provider, Recorder);

        internal TestIdentityProvider Provider { get; } = new();

        internal IdentityRecorder Recorder { get; } = new();

        public WebApplicationFactory<Program> Factory { get; }

        public void Dispose()
        {
            Factory.Dispose();
            Provider.Dispose();
        }
    }
}
