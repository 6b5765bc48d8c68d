using Microsoft.Extensions.Options;
using SkinLesion.Inference;
using SkinLesion.Inference.Admission;
using SkinLesion.Web.Admission;

namespace SkinLesion.Web.Setup;

public static class AdmissionSetup
{
    /// <summary>
    /// The bounded line for inference slots (validated at startup) and the filter that takes a place in it before
    /// an upload is read. The gate itself belongs to the classifier, which waits on it; the web layer reads it.
    /// </summary>
    public static WebApplicationBuilder AddInferenceAdmission(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AdmissionOptions>()
            .BindConfigurationStrictly(AdmissionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AdmissionOptions>, AdmissionOptionsValidator>();
        builder.Services.AddSingleton(provider => provider.GetRequiredService<SkinLesionClassifier>().Gate);
        builder.Services.AddSingleton<AdmissionFilter>();
        return builder;
    }

    /// <summary>Puts the endpoint behind the admission filter: 503 with Retry-After before its body is read when the line is full.</summary>
    public static TBuilder RequireInferenceAdmission<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        // Resolved at each request rather than when the endpoints are built: they are built at the first request of
        // any kind, a readiness probe included, which must not wait for the model that loads beside the server.
        return endpoint.AddEndpointFilterFactory((_, next) => invocation =>
            invocation.HttpContext.RequestServices.GetRequiredService<AdmissionFilter>().InvokeAsync(invocation, next));
    }
}
