using SkinLesion.Inference.Model;
using SkinLesion.Web.Api;
using SkinLesion.Web.Hosting;
using SkinLesion.Web.Setup;

// Before anything else runs: ONNX Runtime reads its telemetry opt-out from the native environment once (ADR 0040).
OnnxRuntimeTelemetry.OptOut();

// A failure that ends the process (a start that fails) exits with code 1 and a line on why, not the runtime's abort.
ProcessFailure.ExitWithCodeOneOnUnhandledException();

var builder = WebApplication.CreateBuilder(ApplicationOptions.For(args));

builder.AddSkinLesionLogging();
builder.AddRequestIds();
builder.AddSkinLesionProblemDetails();
builder.AddImageUploads();
builder.AddUploadLimits();
builder.AddSlowClientLimits();
builder.AddSiteOperatingPoint();
builder.AddSkinLesionInference();
builder.AddInferenceAdmission();
builder.AddClinicalData();
// The audit store before anything that adds Data Protection (authentication does): its migration must run before the
// key ring it keeps is first loaded.
builder.AddAuditTrail();
builder.AddSharedKeyRing();
builder.AddSkinLesionAuthentication();
builder.AddTrustedProxies();
builder.AddClientRateLimits();
builder.AddSkinLesionHealthChecks();
builder.AddSkinLesionTelemetry();
builder.AddSkinLesionEvaluations();
builder.AddSkinLesionSwagger();
builder.AddSkinLesionPages();

var app = builder.Build();

app.UseSecurityHeaders();
app.UseSkinLesionErrorHandling();

// Routing runs after the error handlers (instead of first, as WebApplication would place it), so a
// request re-executed at the error page is routed to it.
app.UseRouting();
app.UseSkinLesionSwagger();
app.UseStaticFiles();
app.UseSkinLesionAuthentication();
app.UseClientRateLimits();
app.UseSkinLesionAuthorization();
app.UseSlowClientTimeouts();

app.MapClassificationApi();
app.MapModelApi();
app.MapHealthApi();
app.MapMetricsApi();
app.MapModelFiguresApi();
app.MapAccountApi();
app.MapAuditApi();
app.MapSkinLesionPages();

app.Run();
