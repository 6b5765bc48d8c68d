using SkinLesion.Web.Api;
using SkinLesion.Web.Evaluations;
using SkinLesion.Web.Hosting;
using SkinLesion.Web.OpenApi;
using SkinLesion.Web.Problems;

var builder = WebApplication.CreateBuilder(WebRoot.Options(args));

builder.AddSkinLesionProblemDetails();
builder.AddSkinLesionInference();
builder.AddSkinLesionEvaluations();
builder.AddSkinLesionSwagger();
builder.AddSkinLesionPages();

var app = builder.Build();

app.UseSkinLesionProblemDetails();
app.UseSkinLesionSwagger();

app.MapClassificationApi();
app.MapModelApi();
app.MapHealthApi();
app.MapSkinLesionPages();

app.Run();

/// <summary>Entry point; public so WebApplicationFactory&lt;Program&gt; can host the app in tests.</summary>
public partial class Program;
