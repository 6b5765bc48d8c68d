using System.Diagnostics;
using SkinLesion.Tests.Shared;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace SkinLesion.Web.Tests.Deployment;

/// <summary>
/// The manifests under deploy/kubernetes as plain objects (mappings, lists and strings), read with a YAML parser,
/// or rendered by `kubectl kustomize` where kubectl is installed.
/// </summary>
internal static class KubernetesManifests
{
    public const string KubectlPath = "/usr/bin/kubectl";

    public static string Directory => Path.Combine(RepoLayout.Root, "deploy", "kubernetes");

    public static IReadOnlyList<string> Overlays { get; } = ["single-sqlite", "replicas-postgresql"];

    public static string OverlayDirectory(string overlay) => Path.Combine(Directory, "overlays", overlay);

    /// <summary>Every Kubernetes object in the base and the overlays (patches included), with the file it came from.</summary>
    public static IReadOnlyList<(string File, Dictionary<object, object> Manifest)> AllFiles() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.yaml", SearchOption.AllDirectories)
            .Where(file => Path.GetFileName(file) != "kustomization.yaml")
            .Order(StringComparer.Ordinal)
            .SelectMany(file => Parse(File.ReadAllText(file)).Select(manifest => (Path.GetRelativePath(Directory, file), manifest)))
            .ToList();

    /// <summary>The YAML documents of a stream, each a mapping.</summary>
    public static IReadOnlyList<Dictionary<object, object>> Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (deserializer.Deserialize<Dictionary<object, object>?>(parser) is { } document)
            {
                documents.Add(document);
            }
        }

        return documents;
    }

    /// <summary>`kubectl kustomize` of an overlay: its objects, or the failure with kubectl's own words.</summary>
    public static IReadOnlyList<Dictionary<object, object>> Render(string overlay)
    {
        var start = new ProcessStartInfo(KubectlPath) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(OverlayDirectory(overlay));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string errors = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "kubectl kustomize did not finish within a minute");
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {overlay} failed: {errors}");
        return Parse(output.Result);
    }

    public static string Kind(this Dictionary<object, object> manifest) => (string)manifest["kind"];

    public static string Name(this Dictionary<object, object> manifest) => (string)Map(manifest, "metadata")["name"];

    public static Dictionary<object, object> Map(Dictionary<object, object> node, string key) =>
        Assert.IsType<Dictionary<object, object>>(node[key], exactMatch: false);

    public static Dictionary<object, object>? MapOrNull(Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) ? value as Dictionary<object, object> : null;

    public static IEnumerable<Dictionary<object, object>> List(Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) && value is List<object> items ? items.Cast<Dictionary<object, object>>() : [];

    /// <summary>The containers of a Deployment (or a patch of one).</summary>
    public static IEnumerable<Dictionary<object, object>> Containers(Dictionary<object, object> deployment) =>
        MapOrNull(deployment, "spec") is { } spec && MapOrNull(spec, "template") is { } template && MapOrNull(template, "spec") is { } podSpec
            ? List(podSpec, "containers")
            : [];

    public static Dictionary<object, object> PodSpec(Dictionary<object, object> deployment) =>
        Map(Map(Map(deployment, "spec"), "template"), "spec");
}
