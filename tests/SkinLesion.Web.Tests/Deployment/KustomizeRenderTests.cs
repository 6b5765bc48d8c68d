using SkinLesion.Tests.Shared;
using static SkinLesion.Web.Tests.Deployment.KubernetesManifests;

namespace SkinLesion.Web.Tests.Deployment;

/// <summary>
/// Both overlays rendered by `kubectl kustomize` (Debian package kubernetes-client, which .ci/run installs), and the
/// rendered objects checked for what each overlay promises. Skipped with a reason where kubectl is absent; the
/// YAML-level checks in ManifestDriftTests run regardless.
/// </summary>
public sealed class KustomizeRenderTests
{
    private static readonly string[] BaseKinds = ["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "NetworkPolicy", "PodDisruptionBudget", "Service"];

    [SystemFileFact(KubectlPath, "kubernetes-client")]
    public void Kustomize_SingleSqlite_RendersOneReplicaWithTheAuditVolume()
    {
        // Act
        var objects = Render("single-sqlite");

        // Assert
        AssertBaseObjects(objects);
        var deployment = objects.Single(m => m.Kind() == "Deployment");
        Assert.Equal("Sqlite", Map(objects.Single(m => m.Kind() == "ConfigMap"), "data")["SkinLesion__Audit__Provider"]);
        Assert.Equal("1", Map(deployment, "spec")["replicas"]);
        Assert.DoesNotContain(objects, m => m.Kind() == "PersistentVolumeClaim"); // storage/, created on its own, keeps it
        var container = Containers(deployment).Single();
        Assert.Equal(["/tmp", "/var/lib/skinlesion"], List(container, "volumeMounts").Select(mount => (string)mount["mountPath"]).Order(StringComparer.Ordinal));
        var audit = List(PodSpec(deployment), "volumes").Single(volume => volume.ContainsKey("persistentVolumeClaim"));
        Assert.False(audit.ContainsKey("emptyDir"), "the audit volume is the claim alone");
        Assert.Equal("1", Map(objects.Single(m => m.Kind() == "HorizontalPodAutoscaler"), "spec")["maxReplicas"]);
        var storage = Render(Path.Combine("single-sqlite", "storage"));
        var claim = Assert.Single(storage);
        Assert.Equal("PersistentVolumeClaim", claim.Kind());
        Assert.Equal(claim.Name(), Map(audit, "persistentVolumeClaim")["claimName"]);
    }

    [SystemFileFact(KubectlPath, "kubernetes-client")]
    public void Kustomize_ReplicasPostgreSql_RendersScaledReplicasWithTheSharedDatabase()
    {
        // Act
        var objects = Render("replicas-postgresql");

        // Assert
        AssertBaseObjects(objects);
        var deployment = objects.Single(m => m.Kind() == "Deployment");
        Assert.Equal("PostgreSql", Map(objects.Single(m => m.Kind() == "ConfigMap"), "data")["SkinLesion__Audit__Provider"]);
        Assert.False(Map(deployment, "spec").ContainsKey("replicas"), "the autoscaler owns the replica count");
        Assert.DoesNotContain(objects, m => m.Kind() == "PersistentVolumeClaim");
        var env = List(Containers(deployment).Single(), "env").ToDictionary(variable => (string)variable["name"]);
        Assert.Equal("skinlesion-audit-db", Map(Map(env["SkinLesion__Audit__ConnectionString"], "valueFrom"), "secretKeyRef")["name"]);
        Assert.True(env.ContainsKey("SkinLesion__Auth__ApiKeys__0__Sha256"), "the base's API key survives the overlay's env patch");
        Assert.Equal("2", Map(objects.Single(m => m.Kind() == "HorizontalPodAutoscaler"), "spec")["minReplicas"]);
        var spread = Assert.Single(List(PodSpec(deployment), "topologySpreadConstraints"));
        Assert.Equal("kubernetes.io/hostname", spread["topologyKey"]);
        Assert.Equal("skinlesion", Map(Map(spread, "labelSelector"), "matchLabels")["app.kubernetes.io/name"]);
        Assert.Contains(objects, m => m.Kind() == "NetworkPolicy" && m.Name() == "skinlesion-postgresql");
    }

    private static void AssertBaseObjects(IReadOnlyList<Dictionary<object, object>> objects)
    {
        Assert.Equal(BaseKinds, objects.Select(m => m.Kind()).Where(BaseKinds.Contains).Distinct().Order(StringComparer.Ordinal));
        var problems = ManifestDriftTests.EnvironmentVariables(objects).Select(variable => OptionsBinding.Problem(variable.Name, variable.Value)).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
