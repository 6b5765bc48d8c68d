using SkinLesion.Web.Evaluations;

namespace SkinLesion.Web.Setup;

public static class EvaluationReportsSetup
{
    public static WebApplicationBuilder AddSkinLesionEvaluations(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<EvaluationReports>();
        return builder;
    }
}
