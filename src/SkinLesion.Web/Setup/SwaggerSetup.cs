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

    /// <summary>Where the API description and its page are served (Swashbuckle's own default, named once here).</summary>
    internal const string RoutePrefix = "swagger";

    private static readonly object HeadAsGetKey = new();

    public static WebApplication UseSkinLesionSwagger(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(AnswerHeadAsGet);
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint($"/{RoutePrefix}/v1/swagger.json", "SkinLesion API v1");
            options.RoutePrefix = RoutePrefix;
            options.DocumentTitle = "SkinLesion API";
        });
        app.Use(HeadAgainAfterSwagger);
        return app;
    }

    // Swashbuckle's middlewares answer GET only, so a HEAD probe of the document (a monitor checking it is served) got
    // 404 where every other read-only address answers it. Under the prefix, HEAD reaches Swashbuckle as GET with the
    // body dropped (whatever the server), so the headers are GET's; a request Swashbuckle passes on (an address it
    // does not serve) is HEAD again before anything else in the pipeline sees it.
    private static async Task AnswerHeadAsGet(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsHead(context.Request.Method) || !context.Request.Path.StartsWithSegments("/" + RoutePrefix, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        context.Items[HeadAsGetKey] = context.Response.Body;
        context.Request.Method = HttpMethods.Get;
        context.Response.Body = Stream.Null;
        try
        {
            await next(context);
        }
        finally
        {
            RestoreHead(context);
        }
    }

    private static Task HeadAgainAfterSwagger(HttpContext context, RequestDelegate next)
    {
        RestoreHead(context);
        return next(context);
    }

    private static void RestoreHead(HttpContext context)
    {
        if (context.Items.Remove(HeadAsGetKey, out var body) && body is Stream original)
        {
            context.Request.Method = HttpMethods.Head;
            context.Response.Body = original;
        }
    }
}
