using Microsoft.AspNetCore.Http.HttpResults;
using SkinLesion.Audit;
using SkinLesion.Inference;
using SkinLesion.Inference.Admission;
using SkinLesion.Web.Admission;
using SkinLesion.Web.Auth;
using SkinLesion.Web.Auditing;
using SkinLesion.Web.Clinical;
using SkinLesion.Web.Problems;
using SkinLesion.Web.Setup;
using SkinLesion.Web.Telemetry;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Api;

public static class ClassificationApi
{
    public const string ClassifyOperation = "ClassifyImage";

    public static IEndpointRouteBuilder MapClassificationApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/api/v1/classifications", ClassifyAsync)
            .AddEndpointFilter<HealthDataHeadersFilter>()
            .WithName(ClassifyOperation)
            .WithTags("Classification")
            .WithSummary("Classify a dermoscopic image (PNG or JPEG).")
            .WithDescription("Send the image as multipart/form-data in field 'image', or as a raw body with Content-Type image/png, image/jpeg (or an alias: image/jpg, image/pjpeg, image/x-png) or application/octet-stream. The format is decided by the file's bytes. "
                + "Every image the server can decode gets 200 with 'status': "
                + "'classified': calibrated probabilities for the seven HAM10000 classes, the class chosen by the model's decision rule, and a benign/malignant verdict; "
                + "'uncertain': the same, plus 'reasons' (codes low-confidence, borderline-malignancy): uncertain, refer for specialist review; "
                + "'rejected': the image is not one the model can assess (codes featureless-image, greyscale-image, not-dermoscopic): 'reason' says why and what to upload instead, and there is no prediction, verdict, probabilities or explanation. "
                + "'screening' gives the figures the status was decided on. "
                + "'operatingPoint' names where the verdict's threshold and the uncertainty band came from: kind 'shipped' (the model's own, chosen on its validation data) or 'site' (a site profile the hospital made on its own labelled images), with its name, version and threshold. "
                + "With ?explain=true a classified or uncertain response also carries 'explanation': the class activation map of the reported class as a PNG data URI (viridis overlay on the 200x150 image the model saw, with a legend) and the map's bounding box; it costs extra time, so it is never included by default. "
                + "With ?segment=true a classified or uncertain response also carries 'lesion': the lesion's outline as a polygon in the upload's own pixels after EXIF orientation, its area as a share of the image, and ABCD-style measures of the outline (asymmetry about two axes, border irregularity, dermoscopy colours, greatest diameter in pixels, and in millimetres when ?pixelsPerMillimetre= gives the image's scale); or, when there is no lesion to outline, 'found': false and the reason. 409 (segmentation-unavailable) when the served model has no segmentation graph; 400 (invalid-parameter, naming the parameter) for an explain or segment that is not true or false, or a pixelsPerMillimetre outside 1 to 10,000 or given without segment=true, for one of them given twice, and for a query parameter or form part this endpoint does not take. "
                + "Authentication: an API key in the X-Api-Key header or a bearer token in the Authorization header; 401 (unauthorized) without a valid one, 403 (forbidden) for a token without the required scope or role. "
                + "Every answer about the upload (a result, or a refusal of it: 400, 408 for a too slow upload, 409, 413, 415, 422) is recorded in the audit trail before it is given, under its requestId (GET /api/v1/assessments/{requestId}); when it cannot be recorded the answer is withheld: 503 (audit-unavailable). "
                + "401, 403, 429, 503 (service-busy) and a request timeout's 408 are not recorded: nothing about the upload was judged. "
                + "Under load: 503 (service-busy) when every inference slot and waiting place is taken or the wait for a slot ran out, 429 (too-many-requests) when this client exceeded its rate limit; both carry Retry-After (seconds): wait that long, then retry. 408 (request-timeout) when the upload was too slow. "
                + "Optional clinical data: 'age' (whole years), 'sex' and 'site' (body site), as query parameters or multipart form fields, with the values the model's manifest accepts (listed on each parameter; letter case does not matter). Nothing is required, and an image alone is answered as without them. When at least one is given the response carries 'clinical': the fields received, those used and why; this service answers from the image alone, so 'used' is empty and 'reason' gives the model's study of the fields (figures on /model). A field the model does not accept, a value it does not, or one field given twice with different values is refused before the image is classified: 400 (invalid-clinical-data) with 'errors' keyed by field. The values are never logged, and the audit record holds only values that were used. "
                + "Decision support only, not a diagnosis.")
            .Produces<ClassificationResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)

            // Who is calling is settled before a place in line is taken, and before the upload is read.
            .RequireAuthorization(AuthPolicies.Client)

            // A place in line is taken before the upload is read; a full line answers 503 without reading it.
            .RequireInferenceAdmission()
            .WithRequestTimeout(SlowClientOptions.ClassifyTimeoutPolicy)

            // API clients, not browser forms: the handler reads the body itself and issues no tokens.
            .DisableAntiforgery();
        return endpoints;
    }

    /// <summary>Named handler for POST /api/v1/classifications.</summary>
    internal static async Task<Results<Ok<ClassificationResponse>, ProblemHttpResult>> ClassifyAsync(
        HttpContext context,
        ImageUploadReader uploadReader,
        ISkinLesionClassifier classifier,
        ClinicalFields clinicalFields,
        AssessmentRecorder recorder,
        ServiceMetrics metrics,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken,
        string? explain = null,
        string? segment = null,
        string? pixelsPerMillimetre = null)
    {
        var logger = loggerFactory.CreateLogger(typeof(ClassificationApi).FullName!);
        string requestId = context.TraceIdentifier;
        ReadOnlyMemory<byte> image = default;

        // The options are checked before the upload is read: a request that cannot be answered as asked costs no upload.
        var (query, parameterProblem) = ClassificationQuery.Read(context.Request.Query, explain, segment, pixelsPerMillimetre);
        if (query is null)
        {
            return await InvalidParameterAsync(parameterProblem!);
        }

        if (query.Segment && !classifier.CanSegment)
        {
            ClassificationLog.RequestRefused(logger, requestId, RefusalCatalogue.SegmentationUnavailable.Code);
            return await RecordedRefusalAsync(context, recorder, metrics, RefusalCatalogue.SegmentationUnavailable, image, null, null,
                () => ApiProblems.SegmentationUnavailable(context, classifier.Model.Name, classifier.Model.Version));
        }

        try
        {
            var upload = await uploadReader.ReadAsync(context.Request, ClinicalFieldNames.Set, cancellationToken);
            image = upload.Image;
            if (ClassificationQuery.UnexpectedFieldProblem(upload.OtherFields) is { } unexpectedField)
            {
                return await InvalidParameterAsync(unexpectedField);
            }

            // Checked before the image is classified: a request whose fields cannot be used gets no answer about the image.
            var clinical = clinicalFields.Check(context.Request.Query, upload.Fields);
            var result = await classifier.ClassifyAsync(image, new ClassificationRequest(query.Explain, query.Segment), cancellationToken);
            if (!await recorder.TryRecordAssessedAsync(context, AuditChannels.Api, image, result))
            {
                metrics.Refused(RefusalCatalogue.AuditUnavailable, AuditChannels.Api);
                return ApiProblems.AuditUnavailable(context);
            }

            // Logged only once recorded: an answer withheld for want of its record was not given.
            ClassificationLog.AfterResponse(context.Response, logger, requestId, image.Length, result);

            metrics.Assessed(result, AuditChannels.Api);
            return TypedResults.Ok(ClassificationResponse.From(requestId, result, image.Length, query.PixelsPerMillimetre) with { Clinical = ClinicalInfo.From(clinical, clinicalFields) });
        }
        catch (ClinicalDataRejectedException rejection)
        {
            ClassificationLog.ClinicalDataRejected(logger, requestId, rejection.Fields, image.Length);
            return await RecordedRefusalAsync(context, recorder, metrics, RefusalCatalogue.InvalidClinicalData, image, null, null,
                () => ApiProblems.From(context, rejection));
        }
        catch (UploadRejectedException rejection)
        {
            ClassificationLog.UploadRejected(logger, requestId, rejection.Reason, image.Length);
            return await RecordedRefusalAsync(context, recorder, metrics, RefusalCatalogue.For(rejection.Reason), image, null, null,
                () => ApiProblems.From(context, rejection));
        }
        catch (ImageRejectedException rejection)
        {
            ClassificationLog.ImageRejected(logger, requestId, rejection.Reason, image.Length, rejection.Width, rejection.Height);
            return await RecordedRefusalAsync(context, recorder, metrics, RefusalCatalogue.For(rejection.Reason), image, rejection.Width, rejection.Height,
                () => ApiProblems.From(context, rejection));
        }
        catch (InferenceBusyException busy)
        {
            // Load shedding is not an answer about the image (nothing was judged) and must stay cheap: not recorded.
            ClassificationLog.Busy(logger, requestId, busy.Reason, image.Length, busy.RetryAfter.TotalSeconds);
            metrics.Busy(busy.Reason, AuditChannels.Api);
            return ApiProblems.Busy(context, busy.RetryAfter);
        }

        // A parameter the request cannot use, in the query (before the upload is read) or the form (after): the image as read so far.
        async Task<ProblemHttpResult> InvalidParameterAsync(string detail)
        {
            ClassificationLog.RequestRefused(logger, requestId, RefusalCatalogue.InvalidParameter.Code);
            return await RecordedRefusalAsync(context, recorder, metrics, RefusalCatalogue.InvalidParameter, image, null, null,
                () => ApiProblems.InvalidParameter(context, detail));
        }
    }

    // The refusal's problem when its record is written, else audit-unavailable (no unrecorded answers); counted as the
    // answer actually given.
    private static async Task<ProblemHttpResult> RecordedRefusalAsync(HttpContext context, AssessmentRecorder recorder, ServiceMetrics metrics,
        RefusalCause cause, ReadOnlyMemory<byte> image, int? width, int? height, Func<ProblemHttpResult> problem)
    {
        bool recorded = await recorder.TryRecordRefusedAsync(context, AuditChannels.Api, cause, image, width, height);
        metrics.Refused(recorded ? cause : RefusalCatalogue.AuditUnavailable, AuditChannels.Api);
        return recorded ? problem() : ApiProblems.AuditUnavailable(context);
    }
}
