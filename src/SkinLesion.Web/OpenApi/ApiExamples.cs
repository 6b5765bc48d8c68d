using System.Globalization;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.OpenApi;

/// <summary>Example payloads shown in Swagger UI; shapes match the real responses.</summary>
internal static class ApiExamples
{
    // A real response of model 1.0.0 for HAM10000 image ISIC_0024329 (histology: akiec).
    internal const string Classification = """
        {
          "requestId": "0HNQBS5JBNQAT:00000001",
          "model": { "name": "skin-lesion-mobilenetv2", "version": "1.0.0", "sha256": "0fb72bae49387055a76c22626eeb09b37a911b110c8a2322f1557a04ea7b6fea" },
          "prediction": { "code": "akiec", "name": "Actinic keratosis / intraepithelial carcinoma (Bowen's disease)", "probability": 0.66724575 },
          "verdict": { "label": "malignant", "malignantProbability": 0.822313, "threshold": 0.184914 },
          "probabilities": { "akiec": 0.66724575, "bcc": 0.13855267, "bkl": 0.07113745, "df": 0.012468359, "mel": 0.016514843, "nv": 0.09271126, "vasc": 0.0013697647 },
          "image": { "format": "jpeg", "width": 200, "height": 150, "bytes": 3515 },
          "timings": { "queueMs": 0, "decodeMs": 0.43, "preprocessMs": 0.13, "inferenceMs": 36.32, "totalMs": 36.9 },
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
