// In the namespace whose using Program.cs already has, so moving the method here leaves Program.cs as it is.
namespace SkinLesion.Web.Evaluations;

public static class EvaluationReportsSetup
{
    public static WebApplicationBuilder AddSkinLesionEvaluations(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<EvaluationReports>();
        return builder;
    }
}
