using Microsoft.OpenApi;
using SkinLesion.Web.OpenApi;
using SkinLesion.Web.Wording;

namespace SkinLesion.Web.Setup;

public static class SwaggerSetup
{
    public static WebApplicationBuilder AddSkinLesionSwagger(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "SkinLesion API",
                Version = "v1",
                Description = "Classifies dermoscopic skin-lesion images (PNG or JPEG) into the seven HAM10000 classes. " + ClinicalWording.Disclaimer,
            });
            options.OperationFilter<ExamplesOperationFilter>();
            options.SchemaFilter<StatusSchemaFilter>();
            options.SupportNonNullableReferenceTypes();
            options.NonNullableReferenceTypesAsRequired();

            // Response schemas take their descriptions from the contract records' XML comments.
            var xmlComments = Path.Combine(AppContext.BaseDirectory, "SkinLesion.Web.xml");
            if (File.Exists(xmlComments))
            {
                options.IncludeXmlComments(xmlComments);
            }
        });
        return builder;
    }

    public static WebApplication UseSkinLesionSwagger(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "SkinLesion API v1");
            options.DocumentTitle = "SkinLesion API";
        });
        return app;
    }
}
