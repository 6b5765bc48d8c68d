using Microsoft.Playwright;
using SkinLesion.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace SkinLesion.EndToEnd.Tests;

/// <summary>
/// "Outline the lesion and measure it" in a real browser: the outline drawn over the image as the browser displays it
/// (after EXIF orientation), a toggle that works by keyboard and without script, the four measures in words, and no
/// serious accessibility violation at the phone or the desktop width.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class LesionBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    [SegmentationFact]
    public async Task Upload_OutlineTicked_DrawsTheOutlineOverTheImageWithAToggleAndTheMeasures()
    {
        // Arrange: a portrait as displayed, stored landscape with EXIF orientation 6, as phones write them.
        using var lesion = SyntheticLesion.Ellipse(600, 800, cx: 0.48, cy: 0.52, rx: 0.32, ry: 0.24, degrees: -40);
        var page = await browser.NewPageAsync(390);
        await page.GotoAsync("/");

        // Act
        await page.GetByLabel("Outline the lesion and measure it").CheckAsync();
        await page.Locator("#image").SetInputFilesAsync(new FilePayload { Name = "lesion.jpg", MimeType = "image/jpeg", Buffer = lesion.Jpeg(orientation: 6) });
        await page.Locator("#submit").ClickAsync();
        await Expect(page.Locator("#lesion")).ToBeVisibleAsync();

        // Assert: the browser shows the upload upright (600x800), the frame the outline's coordinates are in, and the
        // outline lies exactly over the image.
        var image = page.Locator("#lesion-figure img");
        var outline = page.Locator("#lesion-outline");
        var natural = await image.EvaluateAsync<int[]>("img => [img.naturalWidth, img.naturalHeight]");
        Assert.Equal((600, 800), (natural[0], natural[1]));
        await Expect(outline).ToHaveAttributeAsync("viewBox", "0 0 600 800");
        await Expect(outline).ToBeVisibleAsync();
        var imageBox = (await image.BoundingBoxAsync())!;
        var outlineBox = (await outline.BoundingBoxAsync())!;
        Assert.Equal((imageBox.X, imageBox.Y, imageBox.Width, imageBox.Height), (outlineBox.X, outlineBox.Y, outlineBox.Width, outlineBox.Height));
        await Expect(page.Locator("#lesion-measures dt")).ToHaveTextAsync(["Asymmetry", "Border irregularity", "Colours", "Greatest diameter"]);
        await Expect(page.Locator("#measure-asymmetry")).ToContainTextAsync("about the long axis");
        await Expect(page.Locator("#measure-diameter")).ToContainTextAsync("pixels of the uploaded image");
        await Expect(page.Locator("#lesion-note")).ToContainTextAsync("Not a diagnosis.");

        // The toggle is a labelled checkbox: Space clears it and hides the outline, Space again shows it.
        var toggle = page.GetByLabel("Show the lesion outline");
        await toggle.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(outline).ToBeHiddenAsync();
        await Artifacts.ScreenshotAtBothWidthsAsync(page, "result-lesion-outline-hidden");
        await page.Keyboard.PressAsync("Space");
        await Expect(outline).ToBeVisibleAsync();

        foreach (var width in Artifacts.Widths)
        {
            await page.SetViewportSizeAsync(width, width < 600 ? 844 : 800);
            await Artifacts.AssertAccessibleAsync(page, $"result-lesion-{width}", output);
        }

        await Artifacts.ScreenshotAtBothWidthsAsync(page, "result-lesion");
    }

    [SegmentationFact]
    public async Task OutlineToggle_WithJavaScriptDisabled_StillHidesTheOutline()
    {
        // Arrange
        using var lesion = SyntheticLesion.Ellipse(800, 600, cx: 0.5, cy: 0.5, rx: 0.3, ry: 0.22, degrees: 15);
        var page = await browser.NewPageAsync(1280, javaScript: false);
        await page.GotoAsync("/");
        await page.GetByLabel("Outline the lesion and measure it").CheckAsync();
        await page.Locator("#image").SetInputFilesAsync(new FilePayload { Name = "lesion.jpg", MimeType = "image/jpeg", Buffer = lesion.Jpeg() });
        await page.Locator("#submit").ClickAsync();
        await Expect(page.Locator("#lesion-outline")).ToBeVisibleAsync();

        // Act
        await page.GetByLabel("Show the lesion outline").UncheckAsync();

        // Assert
        await Expect(page.Locator("#lesion-outline")).ToBeHiddenAsync();
    }

    [SegmentationFact]
    public async Task UploadPage_OffersTheOutlineWithItsHint_AndModelPageShowsTheSegmentationFigures()
    {
        // Arrange
        var page = await browser.NewPageAsync(1280);

        // Act
        await page.GotoAsync("/");
        var box = page.GetByLabel("Outline the lesion and measure it");
        await Expect(box).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("not a diagnosis"));
        await page.GotoAsync("/model");

        // Assert
        await Expect(page.Locator("#segmentation-heading")).ToHaveTextAsync("Lesion outline and measures");
        await Expect(page.Locator("#segmentation-dice")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^0\.9\d\d \(0\.9\d\d–0\.9\d\d\)$"));
        await Expect(page.Locator("#segmentation-measures tbody tr")).ToHaveCountAsync(6);
        await Expect(page.Locator("#segmentation-sha256")).ToHaveTextAsync(ShippedModel.Manifest.GetProperty("segmentation").GetProperty("sha256").GetString()!);
        foreach (var width in Artifacts.Widths)
        {
            await page.SetViewportSizeAsync(width, width < 600 ? 844 : 800);
            await Artifacts.AssertAccessibleAsync(page, $"model-page-segmentation-{width}", output);
        }

        await page.Locator("#segmentation").ScrollIntoViewIfNeededAsync();
        await Artifacts.ScreenshotAtBothWidthsAsync(page, "model-segmentation");
    }
}
