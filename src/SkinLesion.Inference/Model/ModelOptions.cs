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

    /// <summary>Threads ONNX Runtime may use inside one inference. See docs/decisions/0003-inference-concurrency.md.</summary>
    [Range(1, 64)]
    public int IntraOpNumThreads { get; set; } = 1;

    /// <summary>Inferences (decode + preprocess + run) allowed at once; 0 means one per processor.</summary>
    [Range(0, 256)]
    public int MaxConcurrentInferences { get; set; }

    internal int EffectiveMaxConcurrentInferences =>
        MaxConcurrentInferences > 0 ? MaxConcurrentInferences : Environment.ProcessorCount;

    /// <summary>The manifest's absolute path; the model's figures and .onnx file sit in the same folder.</summary>
    public string ResolveManifestPath() =>
        System.IO.Path.IsPathRooted(Path) ? Path : System.IO.Path.GetFullPath(System.IO.Path.Combine(AppContext.BaseDirectory, Path));
}
