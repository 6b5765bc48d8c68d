using System.Globalization;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.OpenApi;

/// <summary>Example payloads shown in Swagger UI; shapes match the real responses.</summary>
internal static class ApiExamples
{
    // The resources' logical names, set in SkinLesion.Web.csproj.
    private const string ResourcePrefix = "SkinLesion.Web.OpenApi.Examples.";

    // Real responses of model 1.1.0 with its out-of-distribution artifact 1.2.0, one per status, kept
    // verbatim as data in Examples/ (embedded in the assembly).

    /// <summary>HAM10000 image ISIC_0024329 (histology: akiec).</summary>
    internal static string Classified => Read("classified.json");

    /// <summary>HAM10000 image ISIC_0024330 (histology: df): reported as bcc at 0.23, malignant at 0.32.</summary>
    internal static string Uncertain => Read("uncertain.json");

    /// <summary>A portrait photograph (skimage's astronaut.png).</summary>
    internal static string Rejected => Read("rejected.json");

    /// <summary>A 640x480 PNG of one skin-toned colour.</summary>
    internal static string RejectedFeatureless => Read("rejected-featureless.json");

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

    private static string Read(string fileName)
    {
        var name = ResourcePrefix + fileName;
        using var stream = typeof(ApiExamples).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The example {name} is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
