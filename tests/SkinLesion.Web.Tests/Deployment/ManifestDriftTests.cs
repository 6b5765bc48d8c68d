using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SkinLesion.Audit;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Setup;
using static SkinLesion.Web.Tests.Deployment.KubernetesManifests;

namespace SkinLesion.Web.Tests.Deployment;

/// <summary>
/// The Kubernetes manifests (deploy/kubernetes) against the application they deploy: each test fails when one side
/// changes and the other does not (docs/decisions/0016-metrics-and-kubernetes.md). Read with a YAML parser, so they
/// run without kubectl; KustomizeRenderTests renders the overlays where kubectl is installed.
/// </summary>
[Collection(ApiGroup.Name)]
public sealed partial class ManifestDriftTests(ApiFactory factory)
{
    private static readonly Dictionary<object, object> BaseDeployment =
        AllFiles().Single(entry => entry.File == Path.Combine("base", "deployment.yaml")).Manifest;

    private static readonly string[] ProbeNames = ["startupProbe", "livenessProbe", "readinessProbe"];

    private static Dictionary<object, object> BaseContainer => Containers(BaseDeployment).Single();

    [Fact]
    public async Task Probes_PathsAndPort_AreTheServicesHealthEndpoints()
    {
        // Arrange
        using var client = factory.CreateClient();
        var port = Assert.Single(List(BaseContainer, "ports"));
        int containerPort = Convert.ToInt32(port["containerPort"], System.Globalization.CultureInfo.InvariantCulture);
        string dockerfile = await File.ReadAllTextAsync(Path.Combine(RepoLayout.Root, "Dockerfile"));
        var probes = ProbeNames.ToDictionary(probe => probe, probe => Map(Map(BaseContainer, probe), "httpGet"));

        // Act
        var answers = new Dictionary<string, HttpStatusCode>();
        foreach (var (probe, httpGet) in probes)
        {
            using var response = await client.GetAsync((string)httpGet["path"]);
            answers[probe] = response.StatusCode;
        }

        // Assert: the app listens where the probes knock, and answers them.
        Assert.Contains($"ASPNETCORE_HTTP_PORTS={containerPort}", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"EXPOSE {containerPort}", dockerfile, StringComparison.Ordinal);
        Assert.All(probes.Values, httpGet => Assert.Equal(port["name"], httpGet["port"]));
        Assert.All(answers, answer => Assert.True(answer.Value == HttpStatusCode.OK, $"{answer.Key} at {probes[answer.Key]["path"]}: {answer.Value}"));
        Assert.Equal("/health/ready", probes["readinessProbe"]["path"]);
        Assert.Equal("/health/live", probes["livenessProbe"]["path"]);
    }

    [Fact]
    public async Task ScrapeAnnotations_NameTheMetricsEndpointAndPort()
    {
        // Arrange
        using var client = factory.CreateClient();
        var annotations = Map(Map(Map(Map(BaseDeployment, "spec"), "template"), "metadata"), "annotations");

        // Act
        using var response = await client.GetAsync((string)annotations["prometheus.io/path"]);

        // Assert
        Assert.Equal(TelemetrySetup.MetricsPath, annotations["prometheus.io/path"]);
        Assert.Equal(Assert.Single(List(BaseContainer, "ports"))["containerPort"], annotations["prometheus.io/port"]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void TerminationGrace_CoversThePreStopPauseAndTheServicesShutdownTimeout()
    {
        // Arrange: the service's own shutdown timeout, which follows its classify timeout.
        var shutdown = factory.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        var pod = PodSpec(BaseDeployment);
        var preStop = (List<object>)Map(Map(Map(BaseContainer, "lifecycle"), "preStop"), "exec")["command"];

        // Act
        int grace = Convert.ToInt32(pod["terminationGracePeriodSeconds"], System.Globalization.CultureInfo.InvariantCulture);
        int pause = Convert.ToInt32(preStop[1], System.Globalization.CultureInfo.InvariantCulture);

        // Assert: the kubelet's kill comes only after the pause and the longest wait for a classification in flight.
        Assert.Equal("sleep", preStop[0]);
        Assert.InRange(pause, 1, 30);
        Assert.True(grace >= pause + shutdown.TotalSeconds, $"grace {grace} s < pause {pause} s + shutdown timeout {shutdown.TotalSeconds} s");
    }

    [Fact]
    public void ReadinessProbeTimeout_OutlastsTheAuditChecksLongestAnswer()
    {
        // Arrange: readiness writes the audit store's heartbeat, bounded by the write timeout; on PostgreSQL the connect and
        // the command are bounded by it each. A probe that gives up sooner marks every replica unready at once while a
        // slow store still takes every write.
        var configured = EnvironmentVariables(AllFiles().Select(entry => entry.Manifest))
            .Where(variable => variable.Name == "SkinLesion__Audit__WriteTimeoutSeconds")
            .Select(variable => int.Parse(variable.Value, System.Globalization.CultureInfo.InvariantCulture));
        int writeTimeout = configured.Append(factory.Services.GetRequiredService<IOptions<AuditOptions>>().Value.WriteTimeoutSeconds).Max();

        // Act
        int probeTimeout = Convert.ToInt32(Map(BaseContainer, "readinessProbe")["timeoutSeconds"], System.Globalization.CultureInfo.InvariantCulture);

        // Assert
        Assert.True(probeTimeout > 2 * writeTimeout, $"readiness probe timeout {probeTimeout} s <= twice the audit write timeout {writeTimeout} s");
    }

    [Fact]
    public void EnvironmentVariables_InEveryManifest_BindToTheServicesOptions()
    {
        // Arrange
        var variables = EnvironmentVariables(AllFiles().Select(entry => entry.Manifest)).ToList();

        // Act
        var problems = variables.Select(variable => OptionsBinding.Problem(variable.Name, variable.Value)).OfType<string>().ToList();

        // Assert: every variable binds, and the check itself rejects a misspelt option and an unknown section.
        Assert.True(variables.Count >= 10, $"only {variables.Count} variables found: the manifests were not read");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Contains("Provder", OptionsBinding.Problem("SkinLesion__Audit__Provder", "Sqlite"), StringComparison.Ordinal);
        Assert.NotNull(OptionsBinding.Problem("SkinLesion__Audit__Provider", "Oracle"));
        Assert.NotNull(OptionsBinding.Problem("SkinLesion__Audits__Provider", "Sqlite"));
        Assert.NotNull(OptionsBinding.Problem("ASPNETCORE_URL", "http://+:8080"));
    }

    [Fact]
    public async Task SecurityContext_RunsAsTheImagesUser_ReadOnlyWithoutCapabilities()
    {
        // Arrange: the Dockerfile runs as the base image's APP_UID, whose value the stand-in image reproduces.
        string dockerfile = await File.ReadAllTextAsync(Path.Combine(RepoLayout.Root, "Dockerfile"));
        string standIn = await File.ReadAllTextAsync(Path.Combine(RepoLayout.Root, "tests", "container", "StandIn.Containerfile"));
        string user = UserLine().Matches(dockerfile).Last().Groups["user"].Value;
        string appUid = AppUid().Match(standIn).Groups["uid"].Value;

        // Act
        var pod = Map(PodSpec(BaseDeployment), "securityContext");
        var container = Map(BaseContainer, "securityContext");

        // Assert
        Assert.Equal("$APP_UID", user);
        Assert.Equal("1654", appUid);
        Assert.Equal(appUid, pod["runAsUser"]);
        Assert.Equal(appUid, pod["runAsGroup"]);
        Assert.Equal(appUid, pod["fsGroup"]);
        Assert.Equal("true", pod["runAsNonRoot"]);
        Assert.Equal("RuntimeDefault", Map(pod, "seccompProfile")["type"]);
        Assert.Equal("true", container["readOnlyRootFilesystem"]);
        Assert.Equal("false", container["allowPrivilegeEscalation"]);
        Assert.Equal(["ALL"], (List<object>)Map(container, "capabilities")["drop"]);
        var tmp = Assert.Single(List(BaseContainer, "volumeMounts"), mount => (string)mount["mountPath"] == "/tmp");
        Assert.Contains(List(PodSpec(BaseDeployment), "volumes"), volume => volume["name"].Equals(tmp["name"]) && volume.ContainsKey("emptyDir"));
    }

    [Fact]
    public async Task SqliteOverlay_MountsItsVolumeAtTheAuditDataDirectory_AndStaysAtOneReplica()
    {
        // Arrange
        string dockerfile = await File.ReadAllTextAsync(Path.Combine(RepoLayout.Root, "Dockerfile"));
        var overlay = AllFiles().Where(entry => entry.File.StartsWith(Path.Combine("overlays", "single-sqlite"), StringComparison.Ordinal)).Select(entry => entry.Manifest).ToList();
        var settings = Map(overlay.Single(m => m.Kind() == "ConfigMap"), "data");
        var deployment = overlay.Single(m => m.Kind() == "Deployment");
        var claim = overlay.Single(m => m.Kind() == "PersistentVolumeClaim");

        // Act
        string dataDirectory = (string)settings["SkinLesion__Audit__DataDirectory"];
        var mount = Assert.Single(List(Containers(deployment).Single(), "volumeMounts"));
        var volume = Assert.Single(List(PodSpec(deployment), "volumes"));

        // Assert
        Assert.Equal("Sqlite", settings["SkinLesion__Audit__Provider"]);
        Assert.Contains($"SkinLesion__Audit__DataDirectory={dataDirectory}", dockerfile, StringComparison.Ordinal);
        Assert.Equal(dataDirectory, mount["mountPath"]);
        Assert.Equal(volume["name"], mount["name"]);
        Assert.Equal(claim.Name(), Map(volume, "persistentVolumeClaim")["claimName"]);
        Assert.Equal("1", Map(deployment, "spec")["replicas"]);
        Assert.Equal("Recreate", Map(Map(deployment, "spec"), "strategy")["type"]);
        Assert.Equal("1", Map(overlay.Single(m => m.Kind() == "HorizontalPodAutoscaler"), "spec")["maxReplicas"]);
    }

    [Fact]
    public void Authentication_ComesFromASecret_SoTheServiceStartsOutsideDevelopment()
    {
        // Arrange
        var env = List(BaseContainer, "env").ToDictionary(variable => (string)variable["name"]);

        // Act
        var hash = env.GetValueOrDefault("SkinLesion__Auth__ApiKeys__0__Sha256");

        // Assert: an API key's hash from a Secret, never a literal; anonymous use is not switched on.
        Assert.NotNull(hash);
        Assert.False(hash.ContainsKey("value"));
        Assert.Equal("skinlesion-auth", Map(Map(hash, "valueFrom"), "secretKeyRef")["name"]);
        Assert.DoesNotContain(EnvironmentVariables(AllFiles().Select(entry => entry.Manifest)), variable => variable.Name == "SkinLesion__Auth__AllowAnonymous");
    }

    /// <summary>Every variable a manifest sets: ConfigMap keys (loaded with envFrom) and containers' env, secrets as a sample value.</summary>
    internal static IEnumerable<(string Name, string Value)> EnvironmentVariables(IEnumerable<Dictionary<object, object>> manifests)
    {
        foreach (var manifest in manifests)
        {
            if (manifest.Kind() == "ConfigMap" && MapOrNull(manifest, "data") is { } data)
            {
                foreach (var (key, value) in data)
                {
                    yield return ((string)key, (string)value);
                }
            }

            foreach (var variable in Containers(manifest).SelectMany(container => List(container, "env")))
            {
                yield return ((string)variable["name"], variable.TryGetValue("value", out var value) ? (string)value : "from-a-secret");
            }
        }
    }

    [GeneratedRegex(@"^USER\s+(?<user>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex UserLine();

    [GeneratedRegex(@"APP_UID=(?<uid>\d+)")]
    private static partial Regex AppUid();
}
