using SkinLesion.Inference.Admission;
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

        // Spun on this thread, not awaited: the calls hold every pool thread, so a timer's continuation would run only after them.
        bool entered = SpinWait.SpinUntil(() => classifier.Gate.Running > 0, TimeSpan.FromSeconds(30));
        Assert.True(entered, "no call reached an inference slot within 30 s");

        // Act
        classifier.Dispose();
        var outcomes = await Task.WhenAll(calls.Select(async call =>
        {
            try
            {
                return (ClassificationResult?)await call;
            }
            catch (InferenceBusyException busy) when (busy.Reason == BusyReason.ShuttingDown)
            {
                return null;
            }
        }));

        // Assert: the calls already inside a slot finished on the live session with whole answers; the rest were refused
        // as busy because the service is stopping (503 with Retry-After, not a 500), none with another exception; and
        // later calls to the disposed classifier are refused.
        var finished = outcomes.OfType<ClassificationResult>().ToList();
        Assert.NotEmpty(finished);
        Assert.All(finished, result => Assert.InRange(result.Probabilities.Sum(p => p.Probability), 0.999, 1.001));
        Assert.Equal(BusyReason.ShuttingDown, (await Assert.ThrowsAsync<InferenceBusyException>(() => classifier.ClassifyAsync(photo))).Reason);
    }
}
