using System.Globalization;
using Microsoft.Playwright;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace SkinLesion.EndToEnd.Tests;

/// <summary>The clinician's page in a real browser: what a person sees, at phone and desktop widths.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ClinicianPageBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    // HAM10000 validation images whose reference probabilities (models/reference-predictions.json) put them clearly on
    // either side of the threshold under the shipped model: one it calls melanoma above the band, a nevus far below.
    private static readonly string MelanomaId = HamCases.Melanoma.ImageId;
    private static readonly string NevusId = HamCases.NevusId;

    private static readonly Lazy<Dictionary<string, byte[]>> HamImages = new(() => HamArchive.Read([MelanomaId, NevusId]));

    [Fact]
    public async Task EmptyPage_AtPhoneAndDesktopWidths_ShowsFormLimitsAndHasNoSeriousAxeViolations()
    {
        // Arrange
        var page = await browser.NewPageAsync(1280);
        var errors = CollectConsoleErrors(page);

        // Act
        await page.GotoAsync("/");
        var screenshots = await Artifacts.ScreenshotAtBothWidthsAsync(page, "empty");

        // Assert
        await Expect(page).ToHaveTitleAsync("Classify a dermoscopic image · SkinLesion Check");
        await Expect(page.Locator("#image")).ToHaveAttributeAsync("accept", ".png,.jpg,.jpeg,.jfif,image/png,image/jpeg");
        await Expect(page.Locator("#upload-limits")).ToContainTextAsync("up to 10 MB");
        await Expect(page.Locator(".dropzone-title")).ToHaveTextAsync("Choose an image or drag it here");
        await Expect(page.Locator("#upload-error")).ToBeHiddenAsync();
        await Artifacts.AssertAccessibleAsync(page, "upload-page", output);
        Assert.Empty(errors);
        output.WriteLine(string.Join(Environment.NewLine, screenshots));
    }

    [Fact]
    public async Task Upload_GeneratedImage_ShowsPreviewThenProgressThenVerdictAndSevenSortedBars()
    {
        // Arrange
        var page = await browser.NewPageAsync(1280);
        var errors = CollectConsoleErrors(page);
        await page.GotoAsync("/");

        // A submit listener registered after the page's own records what the page shows once the post
        // is on its way; sessionStorage carries it across the navigation to the result.
        await page.EvaluateAsync(
            """
            () => document.getElementById("upload-form").addEventListener("submit", () => {
                sessionStorage.setItem("busyText", document.getElementById("progress").textContent);
                sessionStorage.setItem("busyButtonDisabled", String(document.getElementById("submit").disabled));
            })
            """);

        // Act
        await page.Locator("#image").SetInputFilesAsync(new FilePayload { Name = "lesion.png", MimeType = "image/png", Buffer = AssessmentImages.DermoscopyLikePng(640, 480) });
        await Expect(page.Locator("#preview")).ToBeVisibleAsync();
        var previewSource = await page.Locator("#preview-image").GetAttributeAsync("src");
        await page.Locator("#submit").ClickAsync();
        var result = await ReadResultAsync(page);
        var busyText = await page.EvaluateAsync<string>("() => sessionStorage.getItem('busyText')");
        var busyButtonDisabled = await page.EvaluateAsync<string>("() => sessionStorage.getItem('busyButtonDisabled')");

        // Assert
        Assert.Equal("Uploading and classifying the image…", busyText);
        Assert.True(busyButtonDisabled == "true", "the Classify button stayed enabled while the server worked");
        Assert.StartsWith("blob:", previewSource, StringComparison.Ordinal);
        Assert.True(result.Verdict is "Benign" or "Malignant", $"unexpected verdict {result.Verdict}");
        Assert.Equal(ShippedModel.MalignantThresholdPercent, result.Threshold);
        Assert.Equal(result.Verdict == "Malignant", result.MalignantProbability >= ShippedModel.MalignantThreshold);
        Assert.StartsWith("data:image/png;base64,", result.ImageSource, StringComparison.Ordinal);
        await Expect(page.Locator("#model")).ToHaveTextAsync(ShippedModel.NameAndVersion);
        await Expect(page.Locator("#time-taken")).ToContainTextAsync(" ms on the server");
        await Expect(page.Locator("#disclaimer")).ToContainTextAsync("not a diagnosis");
        await Expect(page.Locator("#nothing-stored")).ToContainTextAsync("The image was not stored");
        await Artifacts.AssertAccessibleAsync(page, "result-view", output);
        await Artifacts.ScreenshotAtBothWidthsAsync(page, "result-generated");
        Assert.Empty(errors);
    }

    [SharedDataFact]
    public async Task Upload_HamImageReportedAsMelanoma_ShowsMalignantVerdictWithMelanomaOnTop()
    {
        // Arrange
        var page = await browser.NewPageAsync(1280);
        await page.GotoAsync("/");

        // Act
        var result = await UploadAsync(page, HamImages.Value[MelanomaId], $"{MelanomaId}.jpg", "image/jpeg");

        // Assert
        Assert.Equal("Malignant", result.Verdict);
        Assert.Equal("mel", result.Bars[0].Code);
        Assert.Equal("Melanoma", result.TopClass);
        Assert.Equal(HamCases.Melanoma.Malignant, result.MalignantProbability, 0.01);
        Assert.Contains($"at or above the {ShippedModel.MalignantThresholdPercent} threshold", result.Sentence, StringComparison.Ordinal);
        await Artifacts.AssertAccessibleAsync(page, "result-view-melanoma", output);
        await Artifacts.ScreenshotAtBothWidthsAsync(page, "result-melanoma");
    }

    [SharedDataFact]
    public async Task Upload_HamNevus_ShowsBenignVerdictWithNevusOnTop()
    {
        // Arrange
        var page = await browser.NewPageAsync(1280);
        await page.GotoAsync("/");

        // Act
        var result = await UploadAsync(page, HamImages.Value[NevusId], $"{NevusId}.jpg", "image/jpeg");

        // Assert
        Assert.Equal("Benign", result.Verdict);
        Assert.Equal("nv", result.Bars[0].Code);
        Assert.Equal("Melanocytic nevus", result.TopClass);
        Assert.Equal(HamCases.Nevus.Malignant, result.MalignantProbability, 0.01);
        Assert.Contains($"below the {ShippedModel.MalignantThresholdPercent} threshold", result.Sentence, StringComparison.Ordinal);
        await Artifacts.ScreenshotAtBothWidthsAsync(page, "result-nevus");
    }

    [Fact]
    public async Task Upload_Docx_ShowsNotAnImageMessageNextToTheForm()
    {
        // Arrange
        var page = await browser.NewPageAsync(1280);
        await page.GotoAsync("/");

        // Act
        await UploadAsync(page, TestImages.WithPadding(TestImages.DocxPrefix), "referral-letter.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", expectResult: false);

        // Assert
        var error = page.Locator("#upload-error");
        await Expect(error).ToHaveAttributeAsync("data-refusal", "unsupported-media-type");
        await Expect(error.Locator(".refusal-heading")).ToContainTextAsync("This file is not a PNG or JPEG image");
        await Expect(error.Locator(".refusal-detail")).ToContainTextAsync("ZIP container (e.g. .docx, .xlsx)");
        await Expect(page.Locator("#image")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(error).ToBeFocusedAsync();
        Assert.StartsWith("Error: This file is not a PNG or JPEG image", await page.TitleAsync(), StringComparison.Ordinal);
        await Expect(page.Locator("#submit")).ToBeEnabledAsync();
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Exception");
        await Artifacts.AssertAccessibleAsync(page, "error-view", output);
        await Artifacts.ScreenshotAtBothWidthsAsync(page, "error-docx");
    }

    [Fact]
    public async Task Upload_CorruptJpeg_ShowsDamagedImageMessage()
    {
        // Arrange: a real JPEG cut off in its image data.
        var page = await browser.NewPageAsync(390);
        await page.GotoAsync("/");
        var truncated = TestImages.LesionJpeg(640, 480)[..4000];

        // Act
        await UploadAsync(page, truncated, "lesion.jpg", "image/jpeg", expectResult: false);

        // Assert
        var error = page.Locator("#upload-error");
        await Expect(error).ToHaveAttributeAsync("data-refusal", "corrupt-image");
        await Expect(error.Locator(".refusal-heading")).ToContainTextAsync("The image cannot be read");
        await Expect(error.Locator(".refusal-detail")).ToContainTextAsync("The JPEG file is truncated");
        await Artifacts.ScreenshotAtBothWidthsAsync(page, "error-corrupt-jpeg");
    }

    [Fact]
    public async Task Upload_FileOverTheSizeLimit_IsStoppedInTheBrowserWithTheLimit()
    {
        // Arrange
        var page = await browser.NewPageAsync(1280);
        await page.GotoAsync("/");

        // Act
        await page.Locator("#image").SetInputFilesAsync(new FilePayload { Name = "huge.jpg", MimeType = "image/jpeg", Buffer = new byte[(10 * 1024 * 1024) + 1] });
        await page.Locator("#submit").ClickAsync();

        // Assert
        await Expect(page.Locator("#upload-error .refusal-heading")).ToHaveTextAsync("The file is too large");
        await Expect(page.Locator("#upload-error .refusal-detail")).ToContainTextAsync("images up to 10 MB are accepted");
        await Expect(page.Locator("#preview")).ToBeHiddenAsync();
        await Expect(page.Locator("#progress")).ToHaveTextAsync(string.Empty);
    }

    [Fact]
    public async Task DropFileOnDropZone_ShowsPreviewAndClassifiesIt()
    {
        // Arrange
        var page = await browser.NewPageAsync(1280);
        await page.GotoAsync("/");
        var transfer = await page.EvaluateHandleAsync(
            """
            base64 => {
                const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], "dropped.png", { type: "image/png" }));
                return transfer;
            }
            """,
            Convert.ToBase64String(AssessmentImages.DermoscopyLikePng(400, 300)));

        // Act
        await page.Locator("#dropzone").DispatchEventAsync("drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await Expect(page.Locator("#preview")).ToBeVisibleAsync();
        var chosen = await page.Locator("#image").EvaluateAsync<int>("input => input.files.length");
        await page.Locator("#submit").ClickAsync();
        var result = await ReadResultAsync(page);

        // Assert
        Assert.Equal(1, chosen);
        Assert.Equal(ShippedModel.ClassCount, result.Bars.Count);
    }

    [Fact]
    public async Task UnknownAddress_ShowsTheNotFoundPageWithRequestIdAndHasNoSeriousAxeViolations()
    {
        // Arrange
        var page = await browser.NewPageAsync(1280);
        var errors = CollectConsoleErrors(page);

        // Act
        var response = await page.GotoAsync("/no-such-page");
        var screenshots = await Artifacts.ScreenshotAtBothWidthsAsync(page, "not-found");

        // Assert
        Assert.Equal(404, response?.Status);
        await Expect(page).ToHaveTitleAsync("Page not found · SkinLesion Check");
        await Expect(page.Locator("#error-heading")).ToHaveTextAsync("Page not found");
        await Expect(page.Locator("#request-id")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("a.button")).ToHaveAttributeAsync("href", "/");
        await Artifacts.AssertAccessibleAsync(page, "not-found-page", output);
        // The browser logs the 404 of the document itself; nothing else may fail.
        Assert.DoesNotContain(errors, e => !e.Contains("404", StringComparison.Ordinal));
        output.WriteLine(string.Join(Environment.NewLine, screenshots));
    }

    [Theory]
    [InlineData((10 * 1024 * 1024) + 1)]
    [InlineData(20 * 1024 * 1024)]
    public async Task Upload_FileOverTheSizeLimitWithJavaScriptDisabled_ShowsTheTooLargePage(int size)
    {
        // Arrange: no script, so nothing stops the upload before it reaches the server.
        var page = await browser.NewPageAsync(1280, javaScript: false);
        await page.GotoAsync("/");
        await page.Locator("#image").SetInputFilesAsync(new FilePayload { Name = "huge.jpg", MimeType = "image/jpeg", Buffer = new byte[size] });

        // Act
        var response = await page.RunAndWaitForResponseAsync(
            () => page.Locator("#submit").ClickAsync(),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/");

        // Assert
        Assert.Equal(413, response.Status);
        await Expect(page.Locator("#upload-error")).ToHaveAttributeAsync("data-refusal", "payload-too-large");
        await Expect(page.Locator("#upload-error .refusal-heading")).ToContainTextAsync("The file is too large");
        await Expect(page.Locator("#upload-error .refusal-detail")).ToContainTextAsync("10 MB");
    }

    [Fact]
    public async Task Upload_WithJavaScriptDisabled_PlainFormPostShowsTheResult()
    {
        // Arrange
        var page = await browser.NewPageAsync(390, javaScript: false);
        await page.GotoAsync("/");

        // Act
        var result = await UploadAsync(page, AssessmentImages.DermoscopyLikeJpeg(400, 300), "lesion.jpg", "image/jpeg");

        // Assert
        Assert.Equal(ShippedModel.ClassCount, result.Bars.Count);
        Assert.StartsWith("data:image/jpeg;base64,", result.ImageSource, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelPage_ShowsMetricsFiguresAndIdentityAndHasNoSeriousAxeViolations()
    {
        // Arrange
        var page = await browser.NewPageAsync(1280);
        var errors = CollectConsoleErrors(page);

        // Act
        await page.GotoAsync("/model");
        var figures = page.Locator(".figure img");
        foreach (var figure in await figures.AllAsync())
        {
            await figure.ScrollIntoViewIfNeededAsync();
        }

        // Assert
        await Expect(figures).ToHaveCountAsync(4);
        foreach (var figure in await figures.AllAsync())
        {
            await Expect(figure).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await figure.EvaluateAsync<int>("img => img.naturalWidth") > 0, $"{await figure.GetAttributeAsync("src")} did not load");
        }

        await Expect(page.Locator("#metrics")).ToContainTextAsync("Balanced accuracy (shipped decision rule)");
        await Expect(page.Locator("#per-class tbody tr")).ToHaveCountAsync(7);
        await Expect(page.Locator("#sha256")).ToHaveTextAsync(ShippedModel.Sha256);
        await Expect(page.Locator("#licence")).ToHaveTextAsync(ShippedModel.DataLicence);
        await Expect(page.Locator("#evaluations tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("#evaluations-chart")).ToHaveAccessibleNameAsync("Headline figures per data set, 0 to 1, with 95% intervals as error bars");
        await Expect(page.Locator("#evaluations-chart")).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("isic2016-test \\(external\\) — not defined for this set"));
        await Artifacts.AssertAccessibleAsync(page, "model-page", output);
        await Artifacts.ScreenshotAtBothWidthsAsync(page, "model");
        Assert.Empty(errors);
    }

    private static List<string> CollectConsoleErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    private static async Task<PageResult> UploadAsync(IPage page, byte[] bytes, string name, string mimeType, bool expectResult = true)
    {
        await page.Locator("#image").SetInputFilesAsync(new FilePayload { Name = name, MimeType = mimeType, Buffer = bytes });
        await page.Locator("#submit").ClickAsync();
        if (!expectResult)
        {
            await Expect(page.Locator("#upload-error[data-refusal]")).ToBeVisibleAsync();
            return PageResult.None;
        }

        return await ReadResultAsync(page);
    }

    /// <summary>Reads the result view the way a person would: verdict, the figures in words, and the bars in order.</summary>
    private static async Task<PageResult> ReadResultAsync(IPage page)
    {
        await Expect(page.Locator("#verdict")).ToBeVisibleAsync();
        var bars = new List<Bar>();
        foreach (var item in await page.Locator("#bars > li").AllAsync())
        {
            bars.Add(new Bar(
                (await item.GetAttributeAsync("data-code"))!,
                double.Parse((await item.GetAttributeAsync("data-probability"))!, CultureInfo.InvariantCulture),
                await item.Locator(".bar-name").InnerTextAsync(),
                await item.Locator(".bar-value").InnerTextAsync(),
                (await item.Locator(".bar-track rect").GetAttributeAsync("width"))!));
        }

        Assert.Equal(ShippedModel.ClassCount, bars.Count);
        Assert.Equal(bars.OrderByDescending(bar => bar.Probability).Select(bar => bar.Code), bars.Select(bar => bar.Code));
        Assert.InRange(bars.Sum(bar => bar.Probability), 0.999, 1.001);
        Assert.All(bars, bar => Assert.EndsWith("%", bar.Value, StringComparison.Ordinal));
        Assert.All(bars, bar => Assert.True(bar.Name.Length > bar.Code.Length + 4, $"bar {bar.Code} has no full name: '{bar.Name}'"));
        Assert.All(bars, bar => Assert.True(
            Math.Abs((bar.Probability * 100) - double.Parse(bar.Width.TrimEnd('%'), CultureInfo.InvariantCulture)) < 0.01,
            $"bar {bar.Code} is drawn {bar.Width} wide for p={bar.Probability}"));
        var image = page.Locator(".result-image img");
        Assert.True(await image.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the uploaded image did not render");

        var malignant = (await page.Locator("#malignant-probability").InnerTextAsync()).TrimEnd('%').Replace("< ", string.Empty, StringComparison.Ordinal).Replace("> ", string.Empty, StringComparison.Ordinal);
        return new PageResult(
            (await page.Locator("#verdict-text").InnerTextAsync()).Trim(),
            (await page.Locator("#verdict-sentence").InnerTextAsync()).Trim(),
            double.Parse(malignant, CultureInfo.InvariantCulture) / 100,
            (await page.Locator("#threshold").InnerTextAsync()).Trim(),
            (await page.Locator("#top-class").InnerTextAsync()).Trim(),
            (await image.GetAttributeAsync("src"))!,
            bars);
    }

    private sealed record Bar(string Code, double Probability, string Name, string Value, string Width);

    private sealed record PageResult(string Verdict, string Sentence, double MalignantProbability, string Threshold, string TopClass, string ImageSource, IReadOnlyList<Bar> Bars)
    {
        public static readonly PageResult None = new(string.Empty, string.Empty, 0, string.Empty, string.Empty, string.Empty, []);
    }
}
