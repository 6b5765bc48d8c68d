using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SkinLesion.Inference;
using SkinLesion.Web.Api;
using SkinLesion.Web.Problems;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Pages;

/// <summary>
/// The clinician's upload page and its result view. It calls the same classifier, upload reader and
/// refusal catalogue as POST /api/v1/classifications, in process: there is no HTTP hop to the API.
/// </summary>
// Antiforgery is validated in the handler, after the form is read: the automatic filter would turn an
// oversized upload into a bare 400 before the page could say the file is too large.
[IgnoreAntiforgeryToken]
public sealed class IndexModel(
    ISkinLesionClassifier classifier,
    ImageUploadReader uploadReader,
    IAntiforgery antiforgery,
    IOptions<UploadOptions> upload,
    IOptions<ImageOptions> images,
    ILogger<IndexModel> logger) : PageModel
{
    public const string FieldName = ImageUploadReader.FieldName;

    /// <summary>The checkbox that asks for the class activation map; a plain form field so it works without JavaScript.</summary>
    public const string ExplainFieldName = "explain";

    /// <summary>What the file picker offers; the server still decides the format from the bytes.</summary>
    public const string AcceptAttribute = ".png,.jpg,.jpeg,.jfif,image/png,image/jpeg";

    public UploadLimitsView Limits { get; } = UploadLimitsView.From(upload.Value, images.Value);

    /// <summary>A classified or uncertain result: the verdict and probabilities are shown.</summary>
    public ClassificationView? Result { get; private set; }

    /// <summary>A rejected image: why, and what to upload instead; there is no diagnosis to show.</summary>
    public RejectedImageView? Rejection { get; private set; }

    public RefusalView? Refusal { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        string requestId = HttpContext.TraceIdentifier;
        ReadOnlyMemory<byte> image = default;
        try
        {
            var form = await uploadReader.ReadFormAsync(Request, cancellationToken);
            if (!await antiforgery.IsRequestValidAsync(HttpContext))
            {
                ClassificationLog.AntiforgeryRejected(logger, requestId);
                return Refused(RefusalCatalogue.InvalidAntiforgeryToken,
                    "The form was not sent from this page, or it has expired. Reload the page and choose the image again.");
            }

            image = await uploadReader.ReadFileAsync(form.Files.GetFile(FieldName), cancellationToken);
            // The map costs extra time, so it is computed only when the clinician ticked the box.
            bool explain = string.Equals(form[ExplainFieldName], "true", StringComparison.Ordinal);
            var result = await classifier.ClassifyAsync(image, explain, cancellationToken);
            ClassificationLog.Classified(logger, requestId, image.Length, result);
            if (result.Assessment.Status == AssessmentStatus.Rejected)
            {
                Rejection = RejectedImageView.From(result, image);
            }
            else
            {
                Result = ClassificationView.From(result, image);
            }

            return Page();
        }
        catch (UploadRejectedException rejection)
        {
            ClassificationLog.UploadRejected(logger, requestId, rejection.Reason, image.Length);
            return Refused(RefusalCatalogue.For(rejection.Reason), rejection.Message);
        }
        catch (ImageRejectedException rejection)
        {
            ClassificationLog.ImageRejected(logger, requestId, rejection.Reason, image.Length, rejection.Width, rejection.Height);
            return Refused(RefusalCatalogue.For(rejection.Reason), rejection.Message);
        }
    }

    // The page is rendered again with the message beside the form; the status tells machines what the heading tells people.
    private PageResult Refused(RefusalCause cause, string detail)
    {
        Refusal = new RefusalView(cause.Code, cause.Heading, detail);
        var page = Page();
        page.StatusCode = cause.Status;
        return page;
    }
}

/// <summary>A refusal as the page shows it: a heading per cause and the same detail the API sends.</summary>
public sealed record RefusalView(string Code, string Heading, string Detail);

/// <summary>The limits written on the upload page, from the same options the server enforces.</summary>
public sealed record UploadLimitsView(long MaxBytes, string MaxSizeText, string MaxPixelsText, int MinSide)
{
    public static UploadLimitsView From(UploadOptions upload, ImageOptions images)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(images);
        return new UploadLimitsView(
            upload.MaxBytes,
            string.Create(CultureInfo.InvariantCulture, $"{upload.MaxBytes / (1024.0 * 1024.0):0.#} MB"),
            string.Create(CultureInfo.InvariantCulture, $"{images.MaxPixels / 1_000_000.0:0.#} megapixels"),
            images.MinSide);
    }
}

/// <summary>One class of the result, ready to draw as a labelled bar.</summary>
public sealed record ClassBar(string Code, string Name, bool Malignant, float Probability, string PercentText, string BarWidth, bool IsTop);

/// <summary>
/// A rejected image as the page shows it: the upload, why it was not assessed and what to upload instead.
/// It holds no probabilities, verdict or map, so none can be rendered.
/// </summary>
public sealed record RejectedImageView(
    string ImageDataUri,
    string ImageDescription,
    AssessmentNotice Reason,
    string ModelName,
    string ModelVersion,
    string TimeTakenText,
    string Disclaimer)
{
    public static RejectedImageView From(ClassificationResult result, ReadOnlyMemory<byte> image)
    {
        ArgumentNullException.ThrowIfNull(result);
        var notice = AssessmentCatalogue.For(result.Assessment.Reasons[0]);
        return new RejectedImageView(
            UploadedImage.DataUri(result, image),
            UploadedImage.Description(result, image),
            notice,
            result.Model.Name,
            result.Model.Version,
            UploadedImage.TimeTaken(result),
            ClassificationResponse.DisclaimerText);
    }
}

/// <summary>The upload as the result pages show it, embedded in the response only.</summary>
internal static class UploadedImage
{
    // The preview is the uploaded bytes embedded in this response only; nothing is written anywhere.
    public static string DataUri(ClassificationResult result, ReadOnlyMemory<byte> image) =>
        $"data:image/{Format(result)};base64,{Convert.ToBase64String(image.Span)}";

    public static string Description(ClassificationResult result, ReadOnlyMemory<byte> image) =>
        string.Create(CultureInfo.InvariantCulture, $"{Format(result).ToUpperInvariant()}, {result.Image.Width} x {result.Image.Height} pixels, {image.Length / 1024.0:0.#} KB");

    public static string TimeTaken(ClassificationResult result) =>
        string.Create(CultureInfo.InvariantCulture, $"{result.Timings.TotalMs:0} ms");

    private static string Format(ClassificationResult result) => ImageInfo.FormatName(result.Image.Format);
}

/// <summary>The class activation map as the page shows it: an image beside the upload, with how to read it.</summary>
public sealed record ExplanationView(string ImageDataUri, int Width, int Height, string AltText, string Note);

/// <summary>Everything the result view shows, worded for a clinician reading at a glance; for classified and uncertain results only.</summary>
public sealed record ClassificationView(
    string Status,
    IReadOnlyList<AssessmentNotice> UncertainReasons,
    string ImageDataUri,
    string ImageDescription,
    bool IsMalignant,
    string VerdictLabel,
    string MalignantPercentText,
    string ThresholdPercentText,
    string MalignantBarWidth,
    string ThresholdPosition,
    string VerdictSentence,
    ClassBar TopClass,
    IReadOnlyList<ClassBar> Classes,
    string ModelName,
    string ModelVersion,
    string TimeTakenText,
    string Disclaimer)
{
    /// <summary>Where the model looked; only when the form asked for it.</summary>
    public ExplanationView? Explanation { get; init; }

    public bool IsUncertain => UncertainReasons.Count > 0;

    public static ClassificationView From(ClassificationResult result, ReadOnlyMemory<byte> image)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Assessment.Status == AssessmentStatus.Rejected)
        {
            throw new ArgumentException("A rejected image has no classification to show; use RejectedImageView.", nameof(result));
        }

        var uncertain = result.Assessment.Status == AssessmentStatus.Uncertain
            ? result.Assessment.Reasons.Select(AssessmentCatalogue.For).ToList()
            : [];
        var verdict = result.Verdict;
        string malignant = Percent(verdict.MalignantProbability);
        string threshold = Percent(verdict.Threshold);
        string sentence = verdict.IsMalignant
            ? $"The combined probability of the malignant classes is {malignant}, at or above the {threshold} threshold, so the verdict is malignant."
            : $"The combined probability of the malignant classes is {malignant}, below the {threshold} threshold, so the verdict is benign.";
        var bars = result.Probabilities
            .OrderByDescending(p => p.Probability)
            .ThenBy(p => p.Index)
            .Select(p => new ClassBar(
                p.Code,
                p.Name,
                p.Malignant,
                p.Probability,
                Percent(p.Probability),
                SvgPercent(p.Probability),
                p.Index == result.Prediction.Index))
            .ToList();
        return new ClassificationView(
            result.Assessment.StatusName,
            uncertain,
            UploadedImage.DataUri(result, image),
            UploadedImage.Description(result, image),
            verdict.IsMalignant,
            verdict.IsMalignant ? "Malignant" : "Benign",
            malignant,
            threshold,
            SvgPercent(verdict.MalignantProbability),
            SvgPercent(verdict.Threshold),
            sentence,
            bars.Single(bar => bar.IsTop),
            bars,
            result.Model.Name,
            result.Model.Version,
            UploadedImage.TimeTaken(result),
            ClassificationResponse.DisclaimerText)
        {
            Explanation = result.Explanation is { } explanation
                ? new ExplanationView(
                    $"data:image/png;base64,{Convert.ToBase64String(explanation.Png)}",
                    explanation.Width,
                    explanation.Height,
                    $"Where the model looked for {result.Prediction.Name}: a heat map over the image, lighter and yellower where the evidence is stronger.",
                    explanation.Note)
                : null,
        };
    }

    /// <summary>A length for an SVG attribute (invariant, clamped): bars are drawn without inline styles, which the CSP forbids.</summary>
    private static string SvgPercent(double probability) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Clamp(probability * 100.0, 0, 100):0.##}%");

    /// <summary>One decimal, so the threshold (18.5%) and small probabilities stay readable.</summary>
    public static string Percent(double probability) =>
        probability > 0 && probability < 0.0005
            ? "< 0.1%"
            : string.Create(CultureInfo.InvariantCulture, $"{probability * 100.0:0.0}%");
}
