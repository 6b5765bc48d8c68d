using Microsoft.OpenApi;
using SkinLesion.Web.Auth;
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
            // HEAD is the GET of every read-only endpoint without its body: one operation each in the document, not two
            // with the same operationId. Otherwise the default rule: an endpoint without a group is in every document.
            options.DocInclusionPredicate((document, api) =>
                !HttpMethods.IsHead(api.HttpMethod ?? string.Empty) && (api.GroupName is null || api.GroupName == document));
            options.OperationFilter<ExamplesOperationFilter>();
            options.OperationFilter<ClinicalDataOperationFilter>();

            // Both schemes are defined here; the document filter keeps those the deployment's configuration accepts
            // (README, "Authentication"), and the operation filter requires only those.
            options.AddSecurityDefinition(AuthSchemes.ApiKey, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = AuthSchemes.ApiKeyHeader,
                Description = "A hospital system's API key; the server holds only its SHA-256 (SkinLesion:Auth:ApiKeys).",
            });
            options.AddSecurityDefinition(AuthSchemes.Bearer, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from the hospital's OpenID Connect provider, for this service's audience, with the required scope or role (SkinLesion:Auth:Bearer).",
            });
            options.OperationFilter<SecurityOperationFilter>();
            options.DocumentFilter<AcceptedSchemesDocumentFilter>();
            options.OperationFilter<ProblemResponsesOperationFilter>();
            options.SchemaFilter<StatusSchemaFilter>();
            options.SchemaFilter<ProblemSchemaFilter>();
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
        app.Use(AnswerHeadAsGet);
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "SkinLesion API v1");
            options.DocumentTitle = "SkinLesion API";
        });
        return app;
    }

    // Swashbuckle's middlewares answer GET only, so a HEAD probe of the document (a monitor checking it is served) got
    // 404 where every other read-only address answers it. HEAD runs as GET with the body dropped here, whatever the
    // server: the headers are GET's, the method is HEAD again for everything after.
    private static async Task AnswerHeadAsGet(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsHead(context.Request.Method) || !context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var body = context.Response.Body;
        context.Request.Method = HttpMethods.Get;
        context.Response.Body = Stream.Null;
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Method = HttpMethods.Head;
            context.Response.Body = body;
        }
    }
}
