using System.Globalization;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.OpenApi;

/// <summary>Example payloads shown in Swagger UI; shapes match the real responses.</summary>
internal static class ApiExamples
{
    // The resources' logical names, set in SkinLesion.Web.csproj.
    private const string ResourcePrefix = "SkinLesion.Web.OpenApi.Examples.";

    // Real responses of model 2.2.0 with its out-of-distribution artifact 2.4.0 (schema 5: the screening head
    // decides, both distances are information only), one per status, kept verbatim as data in Examples/
    // (embedded in the assembly). Each is the image below POSTed as multipart field `image` to the Release app, which
    // adds the operatingPoint (shipped, as without a site profile).

    /// <summary>HAM10000 image ISIC_0024329 (histology: akiec).</summary>
    internal static string Classified => Read("classified.json");

    /// <summary>
    /// HAM10000 validation image ISIC_0027188 (histology: df): reported as df at 0.12 (the prior-adjusted top class; nv
    /// has 0.53), malignant at 0.26.
    /// </summary>
    internal static string Uncertain => Read("uncertain.json");

    /// <summary>ISIC_0024329 again, with ?segment=true&amp;pixelsPerMillimetre=8: the lesion's outline and measures.</summary>
    internal static string Segmented => Read("segmented.json");

    /// <summary>A portrait photograph (skimage's astronaut.png).</summary>
    internal static string Rejected => Read("rejected.json");

    /// <summary>A 640x480 PNG of one skin-toned colour (rgb 224,172,150, as the tests' AssessmentImages.SolidPng).</summary>
    internal static string RejectedFeatureless => Read("rejected-featureless.json");

    /// <summary>ISIC_0024329 converted to greyscale (ImageMagick, -colorspace Gray, JPEG quality 92).</summary>
    internal static string RejectedGreyscale => Read("rejected-greyscale.json");

    internal static string Problem(int status, string type, string title, string detail) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
        {
          "type": "{{type}}",
          "title": "{{title}}",
          "status": {{status}},
          "detail": "{{detail}}",
          "instance": "/api/v1/classifications",
          "{{ApiProblems.RequestIdKey}}": "019ae4b4-1f2a-7c41-8d3e-5a9b0c6e7f12"
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
