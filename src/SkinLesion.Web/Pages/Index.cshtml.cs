using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SkinLesion.Audit;
using SkinLesion.Inference;
using SkinLesion.Inference.Admission;
using SkinLesion.Web.Admission;
using SkinLesion.Web.Api;
using SkinLesion.Web.Auth;
using SkinLesion.Web.Auditing;
using SkinLesion.Web.Clinical;
using SkinLesion.Web.Problems;
using SkinLesion.Web.Telemetry;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Pages;

/// <summary>
/// The clinician's upload page and its result view. It calls the same classifier, upload reader and
/// refusal catalogue as POST /api/v1/classifications, in process: there is no HTTP hop to the API.
/// </summary>
// Antiforgery is validated in the handler, after the form is read: the automatic filter would turn an
// oversized upload into a bare 400 before the page could say the file is too large.
[IgnoreAntiforgeryToken]
// The page classifies like the API does, so the same policy guards it: with page sign-in configured an anonymous
// clinician is sent to the identity provider; without it the page is open only where anonymous use is allowed.
[Authorize(Policy = AuthPolicies.Client)]
[RequestTimeout(SlowClientOptions.ClassifyTimeoutPolicy)]
public sealed class IndexModel(
    ISkinLesionClassifier classifier,
    InferenceGate gate,
    ImageUploadReader uploadReader,
    AssessmentRecorder recorder,
    ServiceMetrics metrics,
    ClinicalFields clinicalFields,
    IAntiforgery antiforgery,
    IOptions<UploadOptions> upload,
    IOptions<ImageOptions> images,
    ILogger<IndexModel> logger) : PageModel
{
    public const string FieldName = ImageUploadReader.FieldName;

    /// <summary>The checkbox that asks for the class activation map; a plain form field so it works without JavaScript.</summary>
    public const string ExplainFieldName = "explain";

    /// <summary>The checkbox that asks for the lesion's outline and measures; offered only when the model can segment.</summary>
    public const string SegmentFieldName = "segment";

    /// <summary>What the file picker offers; the server still decides the format from the bytes.</summary>
    public const string AcceptAttribute = ".png,.jpg,.jpeg,.jfif,image/png,image/jpeg";

    public UploadLimitsView Limits { get; } = UploadLimitsView.From(upload.Value, images.Value);

    /// <summary>Whether the served model has a segmentation graph, so the form offers the outline.</summary>
    public bool CanSegment => classifier.CanSegment;

    /// <summary>A classified or uncertain result: the verdict and probabilities are shown.</summary>
    public ClassificationView? Result { get; private set; }

    /// <summary>A rejected image: why, and what to upload instead; there is no diagnosis to show.</summary>
    public RejectedImageView? Rejection { get; private set; }

    public RefusalView? Refusal { get; private set; }

    // Whether this post's form was read, so a refusal can tell whether the fields it shows are the ones sent.
    private bool _formRead;

    /// <summary>The optional clinical fields, with what the form was sent with and any field refused.</summary>
    public ClinicalFormView ClinicalForm { get; private set; } = ClinicalFormView.From(clinicalFields);

    /// <summary>Whether the form asked for the map; kept ticked when the page comes back with a refusal.</summary>
    public bool ExplainRequested { get; private set; }

    /// <summary>Whether the outline box was ticked in the form being answered, so a refused form comes back as sent.</summary>
    public bool SegmentRequested { get; private set; }

    /// <summary>Beside a result: the clinical fields given, and that this model version did not use them; null when none were given.</summary>
    public string? ClinicalNote { get; private set; }

    /// <summary>The id the answer is recorded under in the audit trail, for the clinician to quote.</summary>
    public string RequestId => HttpContext.TraceIdentifier;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        string requestId = HttpContext.TraceIdentifier;
        ReadOnlyMemory<byte> image = default;

        // The same line as the API's, taken before the form is read: when it is full the clinician is told at once.
        using var place = gate.TryTakePlace(CallingClient.LimitKey(HttpContext), out var refusal);
        if (place is null)
        {
            metrics.LoadRefused(LoadRefusalReasons.Of(refusal), AuditChannels.Page);
            return refusal == PlaceRefusal.ClientShare ? ClientShareTaken(gate.MaxPlacesPerClient, gate.RetryAfter) : Busy(gate.RetryAfter);
        }

        try
        {
            var form = await uploadReader.ReadFormAsync(Request, cancellationToken);
            _formRead = true;
            ClinicalForm = ClinicalFormView.From(clinicalFields, form);
            // A ticked box sends "true"; any case of it counts (the API reads true in any case), anything else is unticked.
            ExplainRequested = string.Equals(form[ExplainFieldName], "true", StringComparison.OrdinalIgnoreCase);
            SegmentRequested = string.Equals(form[SegmentFieldName], "true", StringComparison.OrdinalIgnoreCase);
            if (!await antiforgery.IsRequestValidAsync(HttpContext))
            {
                ClassificationLog.AntiforgeryRejected(logger, requestId);
                return await RecordedRefusalAsync(RefusalCatalogue.InvalidAntiforgeryToken,
                    "The form was not sent from this page, or it has expired.", image);
            }

            // Before the file is read, as the API refuses it: the answer does not depend on what the file holds.
            if (SegmentRequested && !classifier.CanSegment)
            {
                // The form offers the box only when the model can segment; a post from an older page still gets an answer.
                ClassificationLog.RequestRefused(logger, requestId, RefusalCatalogue.SegmentationUnavailable.Code);
                return await RecordedRefusalAsync(RefusalCatalogue.SegmentationUnavailable,
                    ApiProblems.SegmentationUnavailableDetail(classifier.Model.Name, classifier.Model.Version), default);
            }

            image = await uploadReader.ReadFileAsync(form.Files.GetFiles(FieldName), cancellationToken);

            // Checked before the image is classified, as the API does. Only the form's fields count: the page's address is not
            // shown, so values there (a bookmarked "/?age=abc") would be used unseen, and no edit of the form could clear them.
            var clinical = clinicalFields.Check(QueryCollection.Empty, form);

            var result = await classifier.ClassifyAsync(image, new ClassificationRequest(ExplainRequested, SegmentRequested, Display: true), cancellationToken);
            if (!await recorder.TryRecordAssessedAsync(HttpContext, AuditChannels.Page, image, result))
            {
                metrics.Refused(RefusalCatalogue.AuditUnavailable, AuditChannels.Page);
                return AuditUnavailable();
            }

            // Logged only once recorded: an answer withheld for want of its record was not given.
            ClassificationLog.AfterResponse(Response, logger, requestId, image.Length, result);

            if (result.Assessment.Status == AssessmentStatus.Rejected)
            {
                Rejection = RejectedImageView.From(result, image);
            }
            else
            {
                Result = ClassificationView.From(result, image);
            }

            ClinicalNote = clinical.Count == 0 ? null : $"You gave the {ClinicalFormView.Describe(clinical)}. {clinicalFields.NotUsedStatement}.";
            metrics.Assessed(result, AuditChannels.Page);
            return Page();
        }
        catch (ClinicalDataRejectedException rejection)
        {
            ClassificationLog.ClinicalDataRejected(logger, requestId, rejection.Fields, image.Length);
            return await ClinicalRefusalAsync(rejection, image);
        }
        catch (UploadRejectedException rejection)
        {
            ClassificationLog.UploadRejected(logger, requestId, rejection.Reason, image.Length);
            return await RecordedRefusalAsync(RefusalCatalogue.For(rejection.Reason), rejection.Message, image);
        }
        catch (ImageRejectedException rejection)
        {
            ClassificationLog.ImageRejected(logger, requestId, rejection.Reason, image.Length, rejection.Width, rejection.Height);
            return await RecordedRefusalAsync(RefusalCatalogue.For(rejection.Reason), rejection.Message, image, rejection.Width, rejection.Height);
        }
        catch (InferenceBusyException busy)
        {
            ClassificationLog.Busy(logger, requestId, busy.Reason, image.Length, busy.RetryAfter.TotalSeconds);
            metrics.Busy(busy.Reason, AuditChannels.Page);
            return Busy(busy.RetryAfter);
        }
    }

    // A refusal is an answer too: recorded before it is shown, or withheld like any other unrecorded answer.
    private async Task<PageResult> RecordedRefusalAsync(RefusalCause cause, string detail, ReadOnlyMemory<byte> image, int? width = null, int? height = null) =>
        await TryRecordRefusalAsync(cause, image, width, height)
            ? Refused(cause, detail)
            : AuditUnavailable();

    // Recorded like any refusal; the messages stand beside their fields, and the form comes back as it was sent.
    private async Task<PageResult> ClinicalRefusalAsync(ClinicalDataRejectedException rejection, ReadOnlyMemory<byte> image)
    {
        var cause = RefusalCatalogue.InvalidClinicalData;
        if (!await TryRecordRefusalAsync(cause, image))
        {
            return AuditUnavailable();
        }

        ClinicalForm = ClinicalForm with { Errors = rejection.Errors };
        return PageWithStatus(cause.Status);
    }

    // Counted as the answer actually given: the refusal when it was recorded, audit-unavailable when it was not.
    private async Task<bool> TryRecordRefusalAsync(RefusalCause cause, ReadOnlyMemory<byte> image, int? width = null, int? height = null)
    {
        bool recorded = await recorder.TryRecordRefusedAsync(HttpContext, AuditChannels.Page, cause, image, width, height);
        metrics.Refused(recorded ? cause : RefusalCatalogue.AuditUnavailable, AuditChannels.Page);
        return recorded;
    }

    // A plain "busy, try again in N seconds" beside the form, with the same Retry-After a program would read.
    private PageResult Busy(TimeSpan retryAfter)
    {
        ApiProblems.SetRetryAfter(Response, retryAfter);
        return Refused(RefusalCatalogue.Busy, ApiProblems.BusyDetail(retryAfter));
    }

    private PageResult ClientShareTaken(long share, TimeSpan retryAfter)
    {
        ApiProblems.SetRetryAfter(Response, retryAfter);
        return Refused(RefusalCatalogue.RateLimited, ApiProblems.ClientShareDetail(share, retryAfter));
    }

    // The answer was withheld for want of its record; the page says "in a minute", and Retry-After says the same to a program.
    private PageResult AuditUnavailable()
    {
        ApiProblems.SetRetryAfter(Response, ApiProblems.AuditRetryAfter);
        return Refused(RefusalCatalogue.AuditUnavailable, ApiProblems.AuditUnavailableDetail);
    }

    // The page is rendered again with the message beside the form; the status tells machines what the heading tells people.
    private PageResult Refused(RefusalCause cause, string detail)
    {
        Refusal = RefusalView.For(cause, detail, _formRead);
        return PageWithStatus(cause.Status);
    }

    private PageResult PageWithStatus(int status)
    {
        var page = Page();
        page.StatusCode = status;
        return page;
    }
}
