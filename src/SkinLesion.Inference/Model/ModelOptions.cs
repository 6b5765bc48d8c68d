using System.ComponentModel.DataAnnotations;

namespace SkinLesion.Inference.Model;

/// <summary>Where the model lives and how the ONNX Runtime session is shared (configuration section SkinLesion:Model).</summary>
public sealed class ModelOptions
{
    public const string SectionName = "SkinLesion:Model";

    /// <summary>The shipped manifest, relative to the application's base directory unless rooted.</summary>
    public const string DefaultPath = "models/skin-lesion-mobilenetv2.json";

    /// <summary>Path of the manifest JSON; the .onnx named in its <c>file</c> field is resolved next to it.</summary>
    [Required]
    public string Path { get; set; } = DefaultPath;

    /// <summary>
    /// Threads ONNX Runtime may use inside the run of a request that is alone in the inference gate; 0 (the default) means
    /// one per processor, at most <see cref="AutomaticIntraOpThreadLimit"/>. A request beside others runs on one thread,
    /// so a busy service keeps one inference per core (docs/decisions/0003-inference-concurrency.md,
    /// docs/decisions/0045-threads-for-a-lone-request.md).
    /// </summary>
    [Range(0, 64)]
    public int IntraOpNumThreads { get; set; }

    /// <summary>Inferences (decode + preprocess + run) allowed at once; 0 means one per processor.</summary>
    [Range(0, 256)]
    public int MaxConcurrentInferences { get; set; }

    /// <summary>
    /// The most threads the automatic setting gives one inference. Beyond four a lone request gains little, and a
    /// saturated server loses throughput: on 16 cores, four threads took a lone inference to 0.38x the one-thread time at
    /// 0.92x the saturated throughput, eight to 0.33x at 0.76x (ADR 0045).
    /// </summary>
    public const int AutomaticIntraOpThreadLimit = 4;

    /// <summary>The intra-op threads of a lone request's run: <see cref="IntraOpNumThreads"/>, or the automatic count for 0.</summary>
    public int EffectiveIntraOpNumThreads =>
        IntraOpNumThreads > 0 ? IntraOpNumThreads : Math.Min(Environment.ProcessorCount, AutomaticIntraOpThreadLimit);

    internal int EffectiveMaxConcurrentInferences =>
        MaxConcurrentInferences > 0 ? MaxConcurrentInferences : Environment.ProcessorCount;

    /// <summary>The manifest's absolute path; the model's figures and .onnx file sit in the same folder.</summary>
    public string ResolveManifestPath() =>
        System.IO.Path.IsPathRooted(Path) ? Path : System.IO.Path.GetFullPath(System.IO.Path.Combine(AppContext.BaseDirectory, Path));
}
