using Microsoft.Playwright;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace SkinLesion.EndToEnd.Tests;

/// <summary>What a clinician sees for a rejected image, an uncertain result, and the map of where the model looked.</summary>
[Collection(BrowserGroup.Name)]
public sealed class AssessmentBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string Advice = "Upload a dermoscopic close-up taken through a dermatoscope";

    [SystemFileFact(AssessmentImages.PhotoPath, AssessmentImages.PhotoPackage)]
    public async Task Upload_PortraitPhotograph_ShowsWhyItWasNotAssessedAndWhatToUploadButNoProbabilities()
    {
        // Arrange
        var page = await browser.NewPageAsync(1280);
        await page.GotoAsync("/");

        // Act
        await UploadAsync(page, AssessmentImages.Photo(), "portrait.png", "image/png");

        // Assert
        await Expect(page).ToHaveTitleAsync("Image not assessed · SkinLesion Check");
        await Expect(page.Locator("h1")).ToHaveTextAsync("This image was not assessed");
        await Expect(page.Locator("#rejection-reason")).ToHaveAttributeAsync("data-reason", "not-dermoscopic");
        await Expect(page.Locator("#rejection-reason .refusal-heading")).ToContainTextAsync("This does not look like a dermoscopic image");
        await Expect(page.Locator("#rejection-advice")).ToContainTextAsync(Advice);
        await AssertNoDiagnosisAsync(page);
        await Artifacts.AssertAccessibleAsync(page, "rejected-view", output);
        await Artifacts.ScreenshotAtBothWidthsAsync(page, "rejected-photo");
    }

    [Fact]
    public async Task Upload_SolidColourImageWithoutJavaScript_ShowsTheFeaturelessReasonAndNoMapEvenWhenAskedFor()
    {
        // Arrange
        var page = await browser.NewPageAsync(390, javaScript: false);
        await page.GotoAsync("/");
        await page.Locator("#explain").CheckAsync();

        // Act
        await UploadAsync(page, AssessmentImages.SolidPng(), "blank.png", "image/png");

        // Assert
        await Expect(page.Locator("#rejection-reason")).ToHaveAttributeAsync("data-reason", "featureless-image");
        await Expect(page.Locator("#rejection-reason .refusal-heading")).ToContainTextAsync("The image has no detail to assess");
        await Expect(page.Locator("#rejection-advice")).ToContainTextAsync(Advice);
        await AssertNoDiagnosisAsync(page);

        // No axe here: it needs JavaScript. The photograph's test checks the same view with it.
        await Artifacts.ScreenshotAtBothWidthsAsync(page, "rejected-featureless");
    }

    [SharedDataFact]
    public async Task Upload_HamImageInTheUncertaintyBand_ShowsTheReferralNoticeAboveTheVerdictAndBars()
    {
        // Arrange
        var page = await browser.NewPageAsync(1280);
        await page.GotoAsync("/");
        var image = HamArchive.Read([HamCases.UncertainId]).Values.Single();

        // Act
        await UploadAsync(page, image, $"{HamCases.UncertainId}.jpg", "image/jpeg");

        // Assert
        var notice = page.Locator("#uncertain-notice");
        await Expect(notice.GetByRole(AriaRole.Heading, new() { Name = "Uncertain — refer for specialist review" })).ToBeVisibleAsync();
        await Expect(notice.Locator("li")).ToHaveCountAsync(HamCases.UncertainReasons.Length);
        for (int i = 0; i < HamCases.UncertainReasons.Length; i++)
        {
            await Expect(notice.Locator("li").Nth(i)).ToHaveAttributeAsync("data-code", HamCases.UncertainReasons[i]);
        }

        await Expect(page.Locator("#verdict")).ToBeVisibleAsync();
        await Expect(page.Locator("#bars > li")).ToHaveCountAsync(7);
        var noticeBox = (await notice.BoundingBoxAsync())!;
        var verdictBox = (await page.Locator("#verdict").BoundingBoxAsync())!;
        Assert.True(noticeBox.Y < verdictBox.Y, "the referral notice must come before the verdict");
        await Artifacts.AssertAccessibleAsync(page, "uncertain-view", output);
        await Artifacts.ScreenshotAtBothWidthsAsync(page, "result-uncertain");
    }

    [Fact]
    public async Task Upload_WithShowWhereTheModelLookedTicked_ShowsTheMapBesideTheUpload()
    {
        // Arrange
        var page = await browser.NewPageAsync(1280);
        await page.GotoAsync("/");

        // Act
        await page.GetByLabel("Show where the model looked").CheckAsync();
        await UploadAsync(page, AssessmentImages.DermoscopyLikeJpeg(640, 480), "lesion.jpg", "image/jpeg");

        // Assert
        // The map is of the reported class, whichever the shipped model reports for this generated image.
        var map = page.Locator("#explanation img");
        await Expect(map).ToBeVisibleAsync();
        string reported = (await page.Locator("#top-class").InnerTextAsync()).Trim();
        Assert.False(string.IsNullOrEmpty(reported));
        Assert.StartsWith($"Where the model looked for {reported}", await map.GetAttributeAsync("alt"), StringComparison.Ordinal);
        Assert.StartsWith("data:image/png;base64,", await map.GetAttributeAsync("src"), StringComparison.Ordinal);
        Assert.True(await map.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 200"), "the map did not render at its 200 px width");
        await Expect(page.Locator("#explanation figcaption")).ToContainTextAsync("Where the model looked.");
        await Expect(page.Locator("#verdict")).ToBeVisibleAsync();
        await Artifacts.AssertAccessibleAsync(page, "result-view-explained", output);
        await Artifacts.ScreenshotAtBothWidthsAsync(page, "result-explained");
    }

    [Fact]
    public async Task ResultRestoredFromTheBackForwardCache_IsReplacedByAnEmptyForm()
    {
        // Arrange: any answer with the uploaded image in it (here a rejected one) on a shared workstation.
        var page = await browser.NewPageAsync(1280);
        await page.GotoAsync("/");
        await UploadAsync(page, AssessmentImages.SolidPng(), "blank.png", "image/png");

        // Act: what the browser fires when Back restores the page from its cache. Whether a real browser caches a no-store
        // page is its own policy, so the event is raised here rather than waited for.
        await page.EvaluateAsync("() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))");

        // Assert: the page is asked for afresh; the last patient's image is gone.
        await Expect(page.Locator("#upload-form")).ToBeVisibleAsync();
        await Expect(page.Locator("section.result")).ToHaveCountAsync(0);
        await Expect(page.Locator("img[src^='data:']")).ToHaveCountAsync(0);
    }

    private static async Task UploadAsync(IPage page, byte[] bytes, string name, string mimeType)
    {
        await page.Locator("#image").SetInputFilesAsync(new FilePayload { Name = name, MimeType = mimeType, Buffer = bytes });
        await page.Locator("#submit").ClickAsync();
        await Expect(page.Locator("section.result")).ToBeVisibleAsync();
    }

    private static async Task AssertNoDiagnosisAsync(IPage page)
    {
        await Expect(page.Locator("section.result")).ToHaveAttributeAsync("data-status", "rejected");
        foreach (var selector in new[] { "#verdict", "#bars", "[data-probability]", "#explanation", "#top-class", "#uncertain-notice" })
        {
            await Expect(page.Locator(selector)).ToHaveCountAsync(0);
        }

        await Expect(page.Locator("main")).Not.ToContainTextAsync("%");
        await Expect(page.Locator("#disclaimer")).ToContainTextAsync("not a diagnosis");
    }
}
