using Microsoft.Playwright;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace SkinLesion.EndToEnd.Tests;

/// <summary>
/// The optional clinical fields in a real browser: labelled and grouped, refused field by field with the rest of the form
/// kept, the "not used" statement beside a result, and no serious axe violation at phone or desktop width.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class ClinicalFieldsBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task UploadPage_ClinicalFields_AreLabelledGroupedOptionalAndAccessibleAtBothWidths()
    {
        // Arrange
        var page = await browser.NewPageAsync(1280);

        // Act
        await page.GotoAsync("/");

        // Assert
        var fieldset = page.GetByRole(AriaRole.Group, new() { Name = "Clinical details (optional)" });
        await Expect(fieldset).ToBeVisibleAsync();
        await Expect(fieldset).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex($"^Model {ShippedModel.Version} does not use clinical data"));
        await Expect(page.GetByLabel("Age in years")).ToHaveAttributeAsync("type", "number");
        await Expect(page.GetByLabel("Sex")).ToHaveValueAsync(string.Empty);
        await Expect(page.GetByLabel("Body site").Locator("option")).ToHaveCountAsync(ShippedModel.Manifest.GetProperty("clinical").GetProperty("fields").GetProperty("site").GetArrayLength() + 1);
        await Expect(page.GetByLabel("Body site").Locator("option[value='lower-extremity']")).ToHaveTextAsync("Lower extremity");
        await Expect(page.Locator("#clinical-error")).ToBeHiddenAsync();
        await AssertAccessibleAtBothWidthsAsync(page, "clinical-fields");
    }

    [Fact]
    public async Task Upload_AgeOutOfRange_TheBrowserStopsItBeforeUploading()
    {
        // Arrange
        var page = await browser.NewPageAsync(1280);
        await page.GotoAsync("/");
        await page.Locator("#image").SetInputFilesAsync(new FilePayload { Name = "lesion.png", MimeType = "image/png", Buffer = AssessmentImages.DermoscopyLikePng(400, 300) });
        await page.GetByLabel("Age in years").FillAsync("130");
        var posted = false;
        page.Request += (_, request) => posted |= request.Method == "POST";

        // Act
        await page.Locator("#submit").ClickAsync();

        // Assert: the number field's own limits hold the form back, so the chosen file is still there.
        Assert.False(await page.GetByLabel("Age in years").EvaluateAsync<bool>("input => input.validity.valid"));
        Assert.False(posted, "the form was posted with an age out of range");
        Assert.Equal(1, await page.Locator("#image").EvaluateAsync<int>("input => input.files.length"));
    }

    [Fact]
    public async Task Upload_AgeTheServerRefuses_ShowsTheErrorBesideAgeKeepsTheOtherFieldsAndIsAccessible()
    {
        // Arrange: the browser's own check switched off, as a browser without it (or a hand-edited form) would post.
        var page = await browser.NewPageAsync(1280);
        await page.GotoAsync("/");
        await page.EvaluateAsync("() => document.getElementById('upload-form').noValidate = true");
        await page.Locator("#image").SetInputFilesAsync(new FilePayload { Name = "lesion.png", MimeType = "image/png", Buffer = AssessmentImages.DermoscopyLikePng(400, 300) });
        await page.GetByLabel("Age in years").FillAsync("130");
        await page.GetByLabel("Sex").SelectOptionAsync("female");
        await page.GetByLabel("Body site").SelectOptionAsync("lower-extremity");

        // Act
        var response = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#submit").ClickAsync(),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/");

        // Assert
        Assert.Equal(400, response.Status);
        var age = page.GetByLabel("Age in years");
        await Expect(age).ToHaveValueAsync("130");
        await Expect(age).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(age).ToHaveAccessibleDescriptionAsync("Age must be a whole number of years from 0 to 120; '130' is above 120.");
        await Expect(page.Locator("#age-error")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Sex")).ToHaveValueAsync("female");
        await Expect(page.GetByLabel("Body site")).ToHaveValueAsync("lower-extremity");
        await Expect(page.Locator("#clinical-error")).ToHaveAttributeAsync("data-refusal", "invalid-clinical-data");
        await Expect(page.Locator("#clinical-error")).ToContainTextAsync("choose the image again");
        await Expect(page.Locator("#upload-error")).ToBeHiddenAsync();
        await AssertAccessibleAtBothWidthsAsync(page, "clinical-error");
    }

    [Fact]
    public async Task Upload_WithClinicalFields_ShowsTheResultAndThatTheFieldsWereNotUsed()
    {
        // Arrange
        var page = await browser.NewPageAsync(390);
        await page.GotoAsync("/");
        await page.Locator("#image").SetInputFilesAsync(new FilePayload { Name = "lesion.png", MimeType = "image/png", Buffer = AssessmentImages.DermoscopyLikePng(400, 300) });
        await page.GetByLabel("Age in years").FillAsync("52");
        await page.GetByLabel("Body site").SelectOptionAsync("back");

        // Act
        await page.Locator("#submit").ClickAsync();

        // Assert
        await Expect(page.Locator("#verdict")).ToBeVisibleAsync();
        await Expect(page.Locator("#clinical-not-used")).ToContainTextAsync($"You gave the age and body site. Model {ShippedModel.Version} does not use clinical data");
        await Expect(page.Locator("#clinical-not-used a")).ToHaveAttributeAsync("href", "/model#clinical-heading");
        await AssertAccessibleAtBothWidthsAsync(page, "result-clinical");
    }

    [Fact]
    public async Task ModelPage_ClinicalDataSection_ShowsTheStudyTablesAndIsAccessible()
    {
        // Arrange
        var page = await browser.NewPageAsync(1280);

        // Act
        await page.GotoAsync("/model#clinical-heading");

        // Assert
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Clinical data (age, sex, body site)" })).ToBeVisibleAsync();
        await Expect(page.Locator("#clinical-validationCrossValidated tbody tr")).ToHaveCountAsync(7);
        await Expect(page.Locator("#clinical-hamTest tbody tr")).ToHaveCountAsync(7);
        await Expect(page.Locator("#clinical-decision")).ToContainTextAsync("Not shipped");
        await AssertAccessibleAtBothWidthsAsync(page, "model-clinical");
    }

    // axe at the phone width and at the desktop width, each with its screenshot under TestResults/.
    private async Task AssertAccessibleAtBothWidthsAsync(IPage page, string name)
    {
        foreach (var width in Artifacts.Widths)
        {
            await page.SetViewportSizeAsync(width, width < 600 ? 844 : 800);
            await Artifacts.AssertAccessibleAsync(page, $"{name}-{width}", output);
        }

        output.WriteLine(string.Join(Environment.NewLine, await Artifacts.ScreenshotAtBothWidthsAsync(page, name)));
    }
}
