using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace SkinLesion.Inference.Model;

/// <summary>
/// Keeps ONNX Runtime from collecting telemetry. The NuGet package's Linux build (1.31) starts Microsoft's 1DS telemetry
/// when its environment is created: it writes a persistent device identifier and an event store under
/// <c>$HOME/.cache/Microsoft/DeveloperTools/.onnxruntime/</c> (process path, model file and graph names, OS, container,
/// run counts and durations) and uploads them to Microsoft when it can reach the network. A hospital's server must not
/// call out, and the service runs as a container whose home may be read-only. The only complete opt-out is an
/// environment variable that the native library reads once, when its environment is created, so it must be set in the
/// native environment (<see cref="Environment.SetEnvironmentVariable(string, string)"/> changes only .NET's copy on
/// Unix) before the first ONNX Runtime call. On Windows the package reports through ETW instead, which its API turns off.
/// </summary>
public static partial class OnnxRuntimeTelemetry
{
    /// <summary>1.31's name for the opt-out; <see cref="NewerVariable"/> is the name of the versions after it.</summary>
    public const string Variable = "ORT_DISABLE_TELEMETRY";

    /// <summary>The opt-out's name from ONNX Runtime's source after 1.31, set too so an upgrade keeps it off.</summary>
    public const string NewerVariable = "ORT_TELEMETRY_DISABLED";

    private static readonly Lazy<bool> TurnedOff = new(TurnOff);

    /// <summary>
    /// Turns ONNX Runtime's telemetry off for this process, once; true when telemetry is off by this call, an earlier one
    /// or the operator's setting, false when the operator turned it on or the native environment could not be set. An
    /// operator's non-empty value of either variable is kept and copied to the other name (1.31 reads only
    /// <see cref="Variable"/>). Call it first thing in a host's entry point, before other threads could read the native
    /// environment while it changes; opening a model calls it too, for hosts that did not.
    /// </summary>
    public static bool OptOut() => TurnedOff.Value;

    private static bool TurnOff()
    {
        string value = Given(Variable) ?? Given(NewerVariable) ?? "1";
        bool off = value != "0" && !value.Equals("false", StringComparison.OrdinalIgnoreCase);
        if (OperatingSystem.IsWindows())
        {
            if (off)
            {
                OrtEnv.Instance().DisableTelemetryEvents();
            }

            return off;
        }

        try
        {
            return Set(Variable, value) & Set(NewerVariable, value) && off;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc setenv (not glibc or musl): ONNX Runtime's own default stands, and it cannot be changed from here.
            return false;
        }
    }

    private static string? Given(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static bool Set(string name, string value)
    {
        if (Given(name) is not null)
        {
            return true;
        }

        // overwrite 0: a value set natively since the check above is kept (an empty one, which counts as unset, is
        // replaced); .NET's copy follows only what was set.
        if (SetNative(name, value, overwrite: Environment.GetEnvironmentVariable(name) is null ? 0 : 1) != 0)
        {
            return false;
        }

        Environment.SetEnvironmentVariable(name, value);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetNative(string name, string value, int overwrite);
}
