using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>Shutting down while requests still run must not free the native session under them.</summary>
public sealed class DisposalTests
{
    [Fact]
    public async Task Dispose_WhileInferencesRun_WaitsForThemAndRefusesLaterCalls()
    {
        // Arrange: more concurrent calls than slots, on an image big enough to keep them busy.
        var classifier = ClassifierFixture.Create(RepoLayout.ManifestPath);
        var photo = TestImages.LesionJpeg(2000, 1500);
        var calls = Enumerable.Range(0, 8).Select(_ => Task.Run(() => classifier.ClassifyAsync(photo))).ToArray();
        await Task.Delay(20);

        // Act
        classifier.Dispose();
        var outcomes = await Task.WhenAll(calls.Select(async call =>
        {
            try
            {
                await call;
                return "classified";
            }
            catch (ObjectDisposedException)
            {
                return "disposed";
            }
        }));

        // Assert: every call either finished on a live session or was refused; none crashed the process.
        Assert.All(outcomes, outcome => Assert.True(outcome is "classified" or "disposed", outcome));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => classifier.ClassifyAsync(photo));
    }
}
