using SkinLesion.Cli.Commands;

// Entry point: `evaluate` is the only command so far; the dispatcher leaves room for more.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

const string Commands = "Usage: dotnet run --project src/SkinLesion.Cli -- <command> [options]\n\nCommands:\n  evaluate   Score the served model on a labelled image set (see: evaluate --help).";
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Commands);
    return args.Length == 0 ? 2 : 0;
}

if (args[0] != "evaluate")
{
    await Console.Error.WriteLineAsync($"error: unknown command '{args[0]}'.\n\n{Commands}");
    return 2;
}

var command = new EvaluateCommand(Console.Out, Console.Error, interactive: !Console.IsOutputRedirected, TimeProvider.System);
try
{
    return await command.RunAsync(args[1..], cancellation.Token);
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("cancelled");
    return 130;
}
