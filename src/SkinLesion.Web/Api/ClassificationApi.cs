using Microsoft.AspNetCore.Http.HttpResults;
using SkinLesion.Inference;
using SkinLesion.Web.Problems;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Api;

public static partial class ClassificationApi
{
    public const string ClassifyOperation = "ClassifyImage";

    public static IEndpointRouteBuilder MapClassificationApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/api/v1/classifications", ClassifyAsync)
            .WithName(ClassifyOperation)
            .WithTags("Classification")
            .WithSummary("Classify a dermoscopic image (PNG or JPEG).")
            .WithDescription("Send the image as multipart/form-data in field 'image', or as a raw body with Content-Type image/png or image/jpeg. The format is decided by the file's bytes. Returns calibrated probabilities for the seven HAM10000 classes, the class chosen by the model's decision rule, and a benign/malignant verdict. Decision support only, not a diagnosis.")
            .Produces<ClassificationResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)

            // API clients, not browser forms: the handler reads the body itself and issues no tokens.
            .DisableAntiforgery();
        return endpoints;
    }

    /// <summary>Named handler for POST /api/v1/classifications.</summary>
    internal static async Task<Results<Ok<ClassificationResponse>, ProblemHttpResult>> ClassifyAsync(
        HttpContext context,
        ImageUploadReader uploadReader,
        ISkinLesionClassifier classifier,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger(typeof(ClassificationApi).FullName!);
        string requestId = context.TraceIdentifier;
        ReadOnlyMemory<byte> image = default;
        try
        {
            image = await uploadReader.ReadAsync(context.Request, cancellationToken);
            var result = await classifier.ClassifyAsync(image, cancellationToken);
            LogClassified(logger, requestId, image.Length, result.Image.Width, result.Image.Height, result.Model.Version,
                result.Prediction.Code, result.Prediction.Probability, result.Verdict.Label, result.Verdict.MalignantProbability,
                result.Timings.QueueMs, result.Timings.DecodeMs, result.Timings.PreprocessMs, result.Timings.InferenceMs, result.Timings.TotalMs);
            return TypedResults.Ok(ClassificationResponse.From(requestId, result, image.Length));
        }
        catch (UploadRejectedException rejection)
        {
            LogUploadRejected(logger, requestId, rejection.Reason, image.Length);
            return ApiProblems.From(context, rejection);
        }
        catch (ImageRejectedException rejection)
        {
            LogImageRejected(logger, requestId, rejection.Reason, image.Length, rejection.Width, rejection.Height);
            return ApiProblems.From(context, rejection);
        }
    }

    // Structured fields only: never the file name, the bytes, or metadata read from the image.
    [LoggerMessage(EventId = 10, Level = LogLevel.Information,
        Message = "Classified request {RequestId}: {ByteSize} bytes, {Width}x{Height} px, model {ModelVersion}: {TopClass} p={TopProbability:F4}, verdict {Verdict} (malignant p={MalignantProbability:F4}); queue {QueueMs:F1} ms, decode {DecodeMs:F1} ms, preprocess {PreprocessMs:F1} ms, inference {InferenceMs:F1} ms, total {TotalMs:F1} ms")]
    private static partial void LogClassified(ILogger logger, string requestId, int byteSize, int width, int height, string modelVersion,
        string topClass, float topProbability, string verdict, double malignantProbability,
        double queueMs, double decodeMs, double preprocessMs, double inferenceMs, double totalMs);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information,
        Message = "Rejected upload {RequestId}: {Reason}, {ByteSize} bytes read")]
    private static partial void LogUploadRejected(ILogger logger, string requestId, UploadRejectionReason reason, int byteSize);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information,
        Message = "Rejected image {RequestId}: {Reason}, {ByteSize} bytes, header size {Width}x{Height}")]
    private static partial void LogImageRejected(ILogger logger, string requestId, ImageRejectionReason reason, int byteSize, int? width, int? height);
}
