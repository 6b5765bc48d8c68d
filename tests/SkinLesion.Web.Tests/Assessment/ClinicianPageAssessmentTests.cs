using System.Net;
using System.Text.RegularExpressions;
using SkinLesion.Inference;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Pages;
using SkinLesion.Web.Wording;

namespace SkinLesion.Web.Tests.Assessment;

/// <summary>The page shows a rejected image's reason and advice with no diagnosis, and an uncertain result with a referral notice.</summary>
[Collection(ApiGroup.Name)]
public sealed partial class ClinicianPageAssessmentTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Post_SolidColourImageWithMapTicked_ShowsReasonAndAdviceButNoVerdictBarsOrMap()
    {
        // Arrange
        var image = AssessmentImages.SolidPng();
        using var form = ClinicianPageTests.Form(image, "blank.png", await ClinicianPageTests.TokenAsync(_client));
        form.Add(new StringContent("true"), "explain");

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>Image not assessed · SkinLesion Check</title>", html, StringComparison.Ordinal);
        Assert.Contains("data-status=\"rejected\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-reason=\"{AssessmentReasons.Featureless}\"", html, StringComparison.Ordinal);
        Assert.Contains(AssessmentCatalogue.Featureless.Heading, html, StringComparison.Ordinal);
        Assert.Contains(AssessmentCatalogue.Featureless.Detail, html, StringComparison.Ordinal);
        Assert.Contains("What to upload instead", html, StringComparison.Ordinal);
        Assert.Contains(AssessmentCatalogue.UploadAdvice, html, StringComparison.Ordinal);
        Assert.Contains($"src=\"data:image/png;base64,{Convert.ToBase64String(image)}\"", html, StringComparison.Ordinal);
        Assert.Contains("not a diagnosis", html, StringComparison.Ordinal);
        foreach (var diagnosis in new[] { "data-verdict", "id=\"verdict\"", "data-probability", "id=\"bars\"", "id=\"explanation\"", "Melanocytic nevus", "Malignant probability" })
        {
            Assert.DoesNotContain(diagnosis, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Post_GreyscaleLesion_ShowsTheColourReasonAndItsAdviceButNoVerdict()
    {
        // Arrange
        using var form = ClinicianPageTests.Form(AssessmentImages.GreyscalePng(), "lesion.png", await ClinicianPageTests.TokenAsync(_client));

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"data-reason=\"{AssessmentReasons.Greyscale}\"", html, StringComparison.Ordinal);
        Assert.Contains(AssessmentCatalogue.Greyscale.Heading, html, StringComparison.Ordinal);
        Assert.Contains(AssessmentCatalogue.Greyscale.Detail, html, StringComparison.Ordinal);
        Assert.Contains(AssessmentCatalogue.GreyscaleAdvice, html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-verdict", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-probability", html, StringComparison.Ordinal);
    }

    [SystemFileFact(AssessmentImages.PhotoPath, AssessmentImages.PhotoPackage)]
    public async Task Post_PortraitPhotograph_ShowsNotDermoscopicReason()
    {
        // Arrange
        using var form = ClinicianPageTests.Form(AssessmentImages.Photo(), "portrait.png", await ClinicianPageTests.TokenAsync(_client));

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"data-reason=\"{AssessmentReasons.NotDermoscopic}\"", html, StringComparison.Ordinal);
        Assert.Contains(AssessmentCatalogue.NotDermoscopic.Heading, html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-probability", html, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task Post_HamNevus_ShowsTheResultWithoutAnUncertainNotice()
    {
        // Arrange
        var image = HamArchive.Read([HamCases.NevusId]).Values.Single();
        using var form = ClinicianPageTests.Form(image, "lesion.jpg", await ClinicianPageTests.TokenAsync(_client));

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-status=\"classified\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("uncertain-notice", html, StringComparison.Ordinal);
        Assert.DoesNotContain(AssessmentCatalogue.UncertainHeading, html, StringComparison.Ordinal);
    }

    [SharedDataFact(PriorAdjustedRule = true)]
    public async Task Post_HamImageReportedAsARarerClassThanItsMostProbable_ExplainsWhyTheTopClassIsNotTheLongestBarAndMarksIt()
    {
        // Arrange
        var rare = HamCases.RareClassOverLongestBar ?? throw new InvalidOperationException("The manifest's rule is prior-adjusted, so such an image exists.");

        // Act
        var html = await PostHamImageAsync(rare.ImageId);

        // Assert
        Assert.Contains($"(<abbr>{rare.Reported}</abbr>)", html, StringComparison.Ordinal);
        Assert.Contains("id=\"top-class-note\"", html, StringComparison.Ordinal);
        Assert.Contains("weighs the rarer classes up", html, StringComparison.Ordinal);
        Assert.Single(TopBarPattern().Matches(html));
        Assert.Equal(rare.Reported, TopBarPattern().Match(html).Groups["code"].Value);
    }

    [SharedDataFact]
    public async Task Post_HamNevus_ShowsNoTopClassNote()
    {
        // Act
        var html = await PostHamImageAsync(HamCases.NevusId);

        // Assert
        Assert.DoesNotContain("id=\"top-class-note\"", html, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task Post_HamImageInTheUncertaintyBand_ShowsTheReferralNoticeWithReasonsAndStillTheVerdictAndBars()
    {
        // Arrange
        var image = HamArchive.Read([HamCases.UncertainId]).Values.Single();
        using var form = ClinicianPageTests.Form(image, "lesion.jpg", await ClinicianPageTests.TokenAsync(_client));

        // Act
        using var response = await _client.PostAsync("/", form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-status=\"uncertain\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"uncertain-notice\"", html, StringComparison.Ordinal);
        Assert.Contains("Uncertain — refer for specialist review", html, StringComparison.Ordinal);
        foreach (var code in HamCases.UncertainReasons)
        {
            Assert.Contains($"<li data-code=\"{code}\"><strong>{AssessmentCatalogue.For(code).Heading}.</strong>", html, StringComparison.Ordinal);
        }

        Assert.Contains("id=\"verdict\"", html, StringComparison.Ordinal);
        Assert.Equal(ShippedModel.ClassCount, html.Split("data-probability=").Length - 1);
        Assert.Contains($"<title>Classification result: {AssessmentCatalogue.UncertainHeading}", html, StringComparison.Ordinal);
        Assert.Matches("<div class=\"verdict verdict-(?:malignant|benign) verdict-uncertain\" id=\"verdict\">", html);
        Assert.Contains("Verdict (uncertain): <span id=\"verdict-text\">", html, StringComparison.Ordinal);
        var rule = HamCases.Uncertain.Rule;
        Assert.Contains(
            $"below {ClassificationView.Percent(rule.MinTopProbability)}, or when the combined malignant probability is from {ClassificationView.Percent(rule.Threshold)} (the threshold) up to {ClassificationView.Percent(rule.BorderlineTo)}.",
            html,
            StringComparison.Ordinal);
        Assert.Equal(HamCases.Uncertain.Reported, TopBarPattern().Match(html).Groups["code"].Value);
    }

    // The bar list's item for the top class: marked so that it can be found when it is not the longest bar.
    [GeneratedRegex("<li class=\"bar bar-(?:malignant|benign) bar-top\" data-code=\"(?<code>[a-z]+)\"")]
    private static partial Regex TopBarPattern();

    /// <summary>The page's answer (decoded HTML) to one HAM10000 image through the form; asserts a 200.</summary>
    private async Task<string> PostHamImageAsync(string imageId)
    {
        var image = HamArchive.Read([imageId]).Values.Single();
        using var form = ClinicianPageTests.Form(image, "lesion.jpg", await ClinicianPageTests.TokenAsync(_client));
        using var response = await _client.PostAsync("/", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
