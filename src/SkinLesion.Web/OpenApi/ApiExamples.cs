using System.Globalization;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.OpenApi;

/// <summary>Example payloads shown in Swagger UI; shapes match the real responses.</summary>
internal static class ApiExamples
{
    // Real responses of model 1.1.0 with its out-of-distribution artifact 1.2.0, one per status.

    // HAM10000 image ISIC_0024329 (histology: akiec).
    internal const string Classified = """
        {
          "requestId": "0HNQCBO6LD5NI:00000001",
          "status": "classified",
          "model": { "name": "skin-lesion-mobilenetv2", "version": "1.1.0", "sha256": "51c84b21f67292bbd2f23af5a9a487b6c8dce6015d306beb88626f7dcf6bd716" },
          "prediction": { "code": "akiec", "name": "Actinic keratosis / intraepithelial carcinoma (Bowen's disease)", "probability": 0.66724575 },
          "verdict": { "label": "malignant", "malignantProbability": 0.822313, "threshold": 0.184914 },
          "probabilities": { "akiec": 0.66724575, "bcc": 0.13855267, "bkl": 0.07113745, "df": 0.012468359, "mel": 0.016514843, "nv": 0.09271126, "vasc": 0.0013697647 },
          "image": { "format": "jpeg", "width": 200, "height": 150, "bytes": 3515 },
          "screening": { "distanceScore": 534.8880771609912, "distanceThreshold": 2495.776294918748, "texture": 2.0590024164131924, "textureMinimum": 0.5, "earlyScore": 86.77106722091092, "earlyThreshold": 727.7877022081482 },
          "timings": { "queueMs": 0, "decodeMs": 0.36, "preprocessMs": 0.05, "inferenceMs": 30.79, "screeningMs": 5.17, "totalMs": 36.38 },
          "disclaimer": "Decision support for clinicians only; this is not a diagnosis. The model was trained on dermoscopic images (HAM10000) and its output must be interpreted by a qualified clinician together with the full clinical picture."
        }
        """;

    // HAM10000 image ISIC_0024330 (histology: df): reported as bcc at 0.23, malignant at 0.32.
    internal const string Uncertain = """
        {
          "requestId": "0HNQCBO6LD5NJ:00000001",
          "status": "uncertain",
          "reasons": [
            { "code": "low-confidence", "message": "Uncertain — refer for specialist review: the model is not confident in any one class (the reported class's probability is below the minimum chosen on validation images)." },
            { "code": "borderline-malignancy", "message": "Uncertain — refer for specialist review: the malignant probability lies in the borderline band near the threshold, where the benign/malignant verdict is least reliable." }
          ],
          "model": { "name": "skin-lesion-mobilenetv2", "version": "1.1.0", "sha256": "51c84b21f67292bbd2f23af5a9a487b6c8dce6015d306beb88626f7dcf6bd716" },
          "prediction": { "code": "bcc", "name": "Basal cell carcinoma", "probability": 0.22737499 },
          "verdict": { "label": "malignant", "malignantProbability": 0.319674, "threshold": 0.184914 },
          "probabilities": { "akiec": 0.008714907, "bcc": 0.22737499, "bkl": 0.12047263, "df": 0.0041494, "mel": 0.08358453, "nv": 0.55461556, "vasc": 0.0010879788 },
          "image": { "format": "jpeg", "width": 200, "height": 150, "bytes": 3503 },
          "screening": { "distanceScore": 1012.563257605897, "distanceThreshold": 2495.776294918748, "texture": 2.2146493812652293, "textureMinimum": 0.5, "earlyScore": 117.94849549097634, "earlyThreshold": 727.7877022081482 },
          "timings": { "queueMs": 0, "decodeMs": 0.3, "preprocessMs": 0.06, "inferenceMs": 23.15, "screeningMs": 3.02, "totalMs": 26.54 },
          "disclaimer": "Decision support for clinicians only; this is not a diagnosis. The model was trained on dermoscopic images (HAM10000) and its output must be interpreted by a qualified clinician together with the full clinical picture."
        }
        """;

    // A portrait photograph (skimage's astronaut.png).
    internal const string Rejected = """
        {
          "requestId": "0HNQCBO6LD5NK:00000001",
          "status": "rejected",
          "reason": {
            "code": "not-dermoscopic",
            "message": "The image is unlike the dermoscopic images the model was trained on: it may be an everyday or clinical photograph, a screenshot or a scanned document. The model's output would be meaningless, so no diagnosis is given.",
            "advice": "Upload a dermoscopic close-up taken through a dermatoscope: the lesion centred and filling most of the frame, in focus, with no text, labels or screenshots of other software in the picture."
          },
          "model": { "name": "skin-lesion-mobilenetv2", "version": "1.1.0", "sha256": "51c84b21f67292bbd2f23af5a9a487b6c8dce6015d306beb88626f7dcf6bd716" },
          "image": { "format": "png", "width": 512, "height": 512, "bytes": 791555 },
          "screening": { "distanceScore": 3690.020780636839, "distanceThreshold": 2495.776294918748, "texture": 10.908045711803407, "textureMinimum": 0.5, "earlyScore": 1312.13288799073, "earlyThreshold": 727.7877022081482 },
          "timings": { "queueMs": 0, "decodeMs": 12.3, "preprocessMs": 2.98, "inferenceMs": 23.34, "screeningMs": 3.37, "totalMs": 42.01 },
          "disclaimer": "Decision support for clinicians only; this is not a diagnosis. The model was trained on dermoscopic images (HAM10000) and its output must be interpreted by a qualified clinician together with the full clinical picture."
        }
        """;

    // A 640x480 PNG of one skin-toned colour.
    internal const string RejectedFeatureless = """
        {
          "requestId": "0HNQCBO6LD5NL:00000001",
          "status": "rejected",
          "reason": {
            "code": "featureless-image",
            "message": "The image is almost featureless (blank, a single colour or a smooth gradient), so there is no lesion for the model to assess. No diagnosis is given.",
            "advice": "Upload a dermoscopic close-up taken through a dermatoscope: the lesion centred and filling most of the frame, in focus, with no text, labels or screenshots of other software in the picture."
          },
          "model": { "name": "skin-lesion-mobilenetv2", "version": "1.1.0", "sha256": "51c84b21f67292bbd2f23af5a9a487b6c8dce6015d306beb88626f7dcf6bd716" },
          "image": { "format": "png", "width": 640, "height": 480, "bytes": 1950 },
          "screening": { "distanceScore": 1998.3413587466111, "distanceThreshold": 2495.776294918748, "texture": 0, "textureMinimum": 0.5, "earlyScore": 21382.694943498685, "earlyThreshold": 727.7877022081482 },
          "timings": { "queueMs": 0, "decodeMs": 1.5, "preprocessMs": 4.33, "inferenceMs": 32.63, "screeningMs": 5.59, "totalMs": 44.1 },
          "disclaimer": "Decision support for clinicians only; this is not a diagnosis. The model was trained on dermoscopic images (HAM10000) and its output must be interpreted by a qualified clinician together with the full clinical picture."
        }
        """;

    internal static string Problem(int status, string type, string title, string detail) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
        {
          "type": "{{type}}",
          "title": "{{title}}",
          "status": {{status}},
          "detail": "{{detail}}",
          "instance": "/api/v1/classifications",
          "{{ApiProblems.RequestIdKey}}": "0HNH6I1K9Q2LP:00000002"
        }
        """);
}
