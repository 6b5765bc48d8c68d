using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SkinLesion.Inference;
using SkinLesion.Web.Hosting;

namespace SkinLesion.Web.Tests;

/// <summary>
/// The model loads beside the web server's start: readiness answers at once while it loads (Unhealthy, so 503), and a
/// load that fails still fails the host's start with the loader's own exception.
/// </summary>
public sealed class ModelLoadingTests
{
    [Fact]
    public async Task ReadyChecks_WhileTheModelIsStillLoading_AnswerAtOnceWithoutALine()
    {
        // Arrange: a load that has not finished (the host has not reached StartingAsync).
        using var services = new ServiceCollection().BuildServiceProvider();
        var loading = new ModelLoading(services);
        var monitor = new SaturationMonitor(loading, Options.Create(new ReadinessOptions()), TimeProvider.System);

        // Act
        var model = await new ModelReadyHealthCheck(loading).CheckHealthAsync(new HealthCheckContext());
        var saturation = await new SaturationHealthCheck(monitor, Options.Create(new ReadinessOptions())).CheckHealthAsync(new HealthCheckContext());

        // Assert
        Assert.Null(loading.Loaded);
        Assert.Equal(HealthStatus.Unhealthy, model.Status);
        Assert.Contains("still being loaded", model.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, saturation.Status);
        Assert.Contains("still loading", saturation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartedAsync_LoadFails_ThrowsTheLoadersException()
    {
        // Arrange: the classifier's construction is the boundary replaced here; its own failures are StartupFailureTests'.
        var failure = new InvalidOperationException("model file is corrupt");
        using var services = new ServiceCollection()
            .AddSingleton<SkinLesionClassifier>(_ => throw failure)
            .BuildServiceProvider();
        var loading = new ModelLoading(services);

        // Act
        await loading.StartingAsync(CancellationToken.None);
        await loading.StartAsync(CancellationToken.None);
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => loading.StartedAsync(CancellationToken.None));

        // Assert
        Assert.Same(failure, thrown);
        Assert.Null(loading.Loaded);
    }

    [Fact]
    public async Task StopAsync_WhileTheModelLoads_WaitsForTheLoadToSettle()
    {
        // Arrange: a load held until released.
        using var release = new ManualResetEventSlim();
        using var services = new ServiceCollection()
            .AddSingleton<SkinLesionClassifier>(_ =>
            {
                release.Wait();
                throw new InvalidOperationException("released");
            })
            .BuildServiceProvider();
        var loading = new ModelLoading(services);
        await loading.StartingAsync(CancellationToken.None);

        // Act
        var stopping = loading.StopAsync(CancellationToken.None);
        await Task.Delay(100);
        bool stoppedBeforeTheLoad = stopping.IsCompleted;
        release.Set();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.False(stoppedBeforeTheLoad);
        Assert.True(loading.Classifier.IsFaulted);
    }
}
