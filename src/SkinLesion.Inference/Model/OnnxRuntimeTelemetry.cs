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
    /// Turns ONNX Runtime's telemetry off for this process, once; true when this call (or an earlier one) did, false when
    /// the environment already set either variable (an operator's explicit choice is kept, whatever its value). Call it
    /// first thing in a host's entry point, before other threads could read the environment; opening a model calls it
    /// too, for hosts that did not.
    /// </summary>
    public static bool OptOut() => TurnedOff.Value;

    private static bool TurnOff()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null || Environment.GetEnvironmentVariable(NewerVariable) is not null)
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            OrtEnv.Instance().DisableTelemetryEvents();
            return true;
        }

        // overwrite 0: a value set between the check above and here is kept.
        bool set = SetNative(Variable, "1", overwrite: 0) == 0 & SetNative(NewerVariable, "1", overwrite: 0) == 0;
        Environment.SetEnvironmentVariable(Variable, "1");
        Environment.SetEnvironmentVariable(NewerVariable, "1");
        return set;
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetNative(string name, string value, int overwrite);
}
