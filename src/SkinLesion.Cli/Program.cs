using SkinLesion.Cli.Commands;
using SkinLesion.Cli.Settings;
using SkinLesion.Inference.Model;

// Before anything else runs: ONNX Runtime reads its telemetry opt-out from the native environment once (ADR 0040).
OnnxRuntimeTelemetry.OptOut();

// Entry point: `evaluate` scores the model on a labelled set; `calibrate` sets a site's operating point on its labelled
// images; `audit` exports or purges the service's audit trail.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

const string Commands = "Usage: dotnet run --project src/SkinLesion.Cli -- <command> [options]\n       dotnet skinlesion.dll <command> [options]   (in the container image, in /app)\n\nCommands:\n  evaluate   Score the served model on a labelled image set (see: evaluate --help).\n  calibrate  Set a site's operating point on its own labelled images (see: calibrate --help).\n  audit      Export or purge the service's audit trail (see: audit --help).";
if (args.Length == 0)
{
    // A script that forgot its command fails like any bad command line: the reason on stderr, exit 2.
    await Console.Error.WriteLineAsync($"error: name a command.\n\n{Commands}");
    return 2;
}

if (args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Commands);
    return 0;
}

if (args[0] is not ("evaluate" or "calibrate" or "audit"))
{
    await Console.Error.WriteLineAsync($"error: unknown command '{args[0]}'.\n\n{Commands}");
    return 2;
}

// audit and calibrate act on what the service is configured with: its environment variables, read as it reads them.
var settings = ServiceSettings.FromEnvironment();
try
{
    return args[0] switch
    {
        "audit" => await new AuditCommand(Console.Out, Console.Error, TimeProvider.System, settings).RunAsync(args[1..], cancellation.Token),
        "calibrate" => await new CalibrateCommand(Console.Out, Console.Error, interactive: !Console.IsOutputRedirected, TimeProvider.System, settings)
            .RunAsync(args[1..], cancellation.Token),
        _ => await new EvaluateCommand(Console.Out, Console.Error, interactive: !Console.IsOutputRedirected, TimeProvider.System).RunAsync(args[1..], cancellation.Token),
    };
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("cancelled");
    return 130;
}
