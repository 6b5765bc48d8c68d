using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests.Clinical;

/// <summary>The clinician's page with the optional clinical fields, and the model page's account of the study behind them.</summary>
[Collection(ApiGroup.Name)]
public sealed partial class ClinicianPageClinicalTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Get_Root_ShowsOptionalFieldsetWithLabelledFieldsTheManifestsSitesAndWhyTheyAreNotUsed()
    {
        // Act
        using var response = await _client.GetAsync("/");
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fieldset = PageText.Between(html, "<fieldset class=\"clinical\" id=\"clinical-fields\" aria-describedby=\"clinical-hint\">", "</fieldset>");
        Assert.Contains("<legend>Clinical details <span class=\"optional\">(optional)</span></legend>", fieldset, StringComparison.Ordinal);
        Assert.Contains($"<p id=\"clinical-hint\" class=\"hint\">{ClinicalRequests.NotUsedStatement}.", fieldset, StringComparison.Ordinal);
        Assert.Contains("<label for=\"age\">Age in years</label>", fieldset, StringComparison.Ordinal);
        Assert.Matches("<input type=\"number\" id=\"age\" name=\"age\" min=\"0\" max=\"120\" step=\"1\"", fieldset);
        Assert.Contains("<label for=\"sex\">Sex</label>", fieldset, StringComparison.Ordinal);
        Assert.Contains("<label for=\"site\">Body site</label>", fieldset, StringComparison.Ordinal);
        var sites = ShippedModel.Manifest.GetProperty("clinical").GetProperty("fields").GetProperty("site").EnumerateArray().Select(site => site.GetString()!).ToList();
        var siteSelect = PageText.Between(fieldset, "<select id=\"site\"", "</select>");
        Assert.Equal(["", .. sites], OptionPattern().Matches(siteSelect).Select(match => match.Groups["value"].Value));
        Assert.Contains("<option value=\"lower-extremity\">Lower extremity</option>", siteSelect, StringComparison.Ordinal);
        Assert.Contains("<option value=\"\">Not given</option>", siteSelect, StringComparison.Ordinal);
        Assert.Contains("hidden", PageText.Between(fieldset, "<div id=\"clinical-error\"", ">"), StringComparison.Ordinal);
        Assert.DoesNotContain(" required", fieldset, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FormWithInvalidAge_Returns400WithTheErrorNextToAgeAndKeepsTheOtherFields()
    {
        // Arrange
        using var form = await FormAsync(("age", "abc"), ("sex", "female"), ("site", "back"), ("explain", "true"));

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fieldset = PageText.Between(html, "<fieldset class=\"clinical\"", "</fieldset>");
        Assert.Matches("value=\"abc\"\\s+aria-describedby=\"age-error\" aria-invalid=\"true\"", fieldset);
        Assert.Contains("<p id=\"age-error\" class=\"field-error\">Age must be a whole number of years from 0 to 120; 'abc' is not a number.</p>", fieldset, StringComparison.Ordinal);
        Assert.Contains("data-refusal=\"invalid-clinical-data\"", fieldset, StringComparison.Ordinal);
        Assert.Contains("Check the clinical details", fieldset, StringComparison.Ordinal);
        Assert.Contains("choose the image again", fieldset, StringComparison.Ordinal);
        Assert.Contains("<option value=\"female\" selected=\"selected\">Female</option>", fieldset, StringComparison.Ordinal);
        Assert.Contains("<option value=\"back\" selected=\"selected\">Back</option>", fieldset, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"false\"", PageText.Between(fieldset, "<select id=\"sex\"", ">"), StringComparison.Ordinal);
        Assert.Contains("checked=\"checked\"", PageText.Between(html, "<input type=\"checkbox\" id=\"explain\"", ">"), StringComparison.Ordinal);
        Assert.DoesNotContain("data-verdict", html, StringComparison.Ordinal);
        Assert.Contains("hidden=\"hidden\"", PageText.Between(html, "<div id=\"upload-error\"", ">"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FormWithASiteTheSelectDoesNotOffer_Returns400WithTheErrorNextToSiteListingTheAcceptedValues()
    {
        // Arrange: a form edited by hand, or an old page cached before a model upgrade.
        using var form = await FormAsync(("site", "elbow"));

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"<p id=\"site-error\" class=\"field-error\">Site must be one of {ClinicalRequests.SitesText} (letter case does not matter); 'elbow' is not one of them.</p>", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"site-error\" aria-invalid=\"true\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ClinicalValuesInThePageAddress_AreIgnoredAndOnlyTheFormsCount()
    {
        // Arrange: an address the clinician cannot see on the form, with an invalid age and a sex the form contradicts.
        using var form = await FormAsync(("sex", "male"));

        // Act
        using var response = await _client.PostAsync("/?age=abc&sex=female", form);
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<p id=\"clinical-not-used\" class=\"clinical-note\">You gave the sex. ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("given more than once", html, StringComparison.Ordinal);
        Assert.DoesNotContain("age-error", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FormWithValidFields_ShowsTheResultTheNotUsedStatementAndTheImageOnlyProbabilities()
    {
        // Arrange
        using var imageOnly = await FormAsync();
        using var withFields = await FormAsync(("age", "58"), ("sex", "male"), ("site", "face"));

        // Act
        using var plain = await _client.PostAsync("/", imageOnly);
        using var response = await _client.PostAsync("/", withFields);
        var plainHtml = await PageText.BodyAsync(plain);
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Bars(plainHtml), Bars(html));
        Assert.Equal(ShippedModel.ClassCount, Bars(html).Count);
        Assert.Contains($"<p id=\"clinical-not-used\" class=\"clinical-note\">You gave the age, sex and body site. {ClinicalRequests.NotUsedStatement}. <a href=\"/model#clinical-heading\">About the model</a>.</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("clinical-not-used", plainHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ModelPage_ShowsTheClinicalStudysTablesTheGainAndTheDecision()
    {
        // Act
        using var response = await _client.GetAsync("/model");
        var html = await PageText.BodyAsync(response);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var section = PageText.Between(html, "<section aria-labelledby=\"clinical-heading\" id=\"clinical\">", "</section>");
        Assert.Contains(ClinicalRequests.NotUsedStatement, section, StringComparison.Ordinal);
        var clinical = ShippedModel.Manifest.GetProperty("clinical");
        Assert.Contains($"<dd id=\"clinical-rule\">{clinical.GetProperty("decision").GetProperty("rule").GetString()}</dd>", section, StringComparison.Ordinal);
        Assert.Contains($"<dd id=\"clinical-gain\">{ShippedModel.ClinicalGainText} (cross-validated on validation", section, StringComparison.Ordinal);
        Assert.Contains("Not shipped", section, StringComparison.Ordinal);
        Assert.Contains("site: abdomen, acral,", section, StringComparison.Ordinal);

        // Every figure of the report's validation and test tables, to four decimals, in its row.
        using var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(ShippedModel.ClinicalStudyReportPath));
        foreach (var (key, id) in new[] { ("validationCrossValidated", "clinical-validationCrossValidated"), ("hamTest", "clinical-hamTest") })
        {
            var table = PageText.Between(section, $"<table id=\"{id}\"", "</table>");
            foreach (var row in report.RootElement.GetProperty(key).EnumerateObject())
            {
                var cells = string.Concat(row.Value.EnumerateObject().Select(figure => $"<td>{figure.Value.GetDouble().ToString("0.0000", CultureInfo.InvariantCulture)}</td>"));
                Assert.Contains($"<th scope=\"row\">{row.Name}</th>{cells}", Regex.Replace(table, ">\\s+<", "><"), StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain("clinical-report-missing", section, StringComparison.Ordinal);
    }

    /// <summary>The page's form: a dermoscopy-like image, the antiforgery token, and the given fields.</summary>
    private async Task<MultipartFormDataContent> FormAsync(params (string Name, string Value)[] fields)
    {
        var form = ClinicianPageTests.Form(AssessmentImages.DermoscopyLikeJpeg(200, 150), "lesion.jpg", await ClinicianPageTests.TokenAsync(_client));
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    private static List<string> Bars(string html) => [.. PageText.ClassBar().Matches(html).Select(match => match.Value)];

    [GeneratedRegex("<option value=\"(?<value>[^\"]*)\"")]
    private static partial Regex OptionPattern();
}
