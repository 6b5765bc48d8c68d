using SkinLesion.Inference;
using SkinLesion.Web.Clinical;
using SkinLesion.Web.Evaluations;

namespace SkinLesion.Web.Setup;

public static class ClinicalDataSetup
{
    /// <summary>
    /// The clinical fields (age, sex, body site) a request may send with its image, read from the loaded model's
    /// manifest, and the model page's reader of the study behind them (docs/decisions/0021-clinical-data-accepted-not-used.md).
    /// The fields are health data: they are never logged, which also needs the hosting layer's request lines kept out.
    /// </summary>
    public static WebApplicationBuilder AddClinicalData(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(provider => new ClinicalFields(provider.GetRequiredService<ISkinLesionClassifier>().Manifest));
        builder.Services.AddSingleton<ClinicalStudy>();

        // "Request starting POST /api/v1/classifications?age=..." carries the query string, where the fields may be.
        // The category is held at Warning whatever the configuration's general log levels say (a filter added here comes
        // after the configuration's and wins over an equally specific one); nothing it writes at Warning holds a URL.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        return builder;
    }
}
