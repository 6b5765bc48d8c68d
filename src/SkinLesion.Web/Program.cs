using SkinLesion.Inference.Model;
using SkinLesion.Web.Api;
using SkinLesion.Web.Hosting;
using SkinLesion.Web.Setup;

// Before anything else runs: ONNX Runtime reads its telemetry opt-out from the native environment once (ADR 0040).
OnnxRuntimeTelemetry.OptOut();

// A start that fails ends the process with one line on why and exit code 1, not an abort (StartupFailure). The
// factory of the HTTP tests stops the start at Build() with HostAbortedException, which is left to it.
// Once the host runs, its logger records a failure with the stack trace; before, nothing has a logger.
bool hostRuns = false;
try
{
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

    hostRuns = true;
    app.Run();
    return 0;
}
catch (Exception failure) when (failure is not HostAbortedException)
{
    return StartupFailure.Report(failure, logged: hostRuns, Console.Error);
}
