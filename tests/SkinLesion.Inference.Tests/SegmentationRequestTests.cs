using SkinLesion.Inference.Screening;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>The classifier segments only when asked, in the same slot, and never outlines an image the screening rejects.</summary>
[Collection(ShippedModelGroup.Name)]
public sealed class SegmentationRequestTests(ClassifierFixture fixture)
{
    [SegmentationFact]
    public async Task Classify_Plain_HasNoLesionAndNoSegmentationTime()
    {
        using var lesion = SyntheticLesion.Ellipse(400, 300, 0.5, 0.5, 0.3, 0.22, 0);

        var result = await fixture.Classifier.ClassifyAsync(lesion.Jpeg(), ClassificationRequest.Plain);

        Assert.Null(result.Lesion);
        Assert.Null(result.Timings.SegmentationMs);
    }

    [SegmentationFact]
    public async Task Classify_Segment_GivesTheSameClassificationPlusTheLesion()
    {
        // Arrange
        using var lesion = SyntheticLesion.Ellipse(400, 300, 0.5, 0.5, 0.3, 0.22, 0);
        var bytes = lesion.Jpeg();

        // Act
        var plain = await fixture.Classifier.ClassifyAsync(bytes, ClassificationRequest.Plain);
        var segmented = await fixture.Classifier.ClassifyAsync(bytes, new ClassificationRequest(Segment: true));

        // Assert
        Assert.Equal(plain.Probabilities.Select(p => p.Probability), segmented.Probabilities.Select(p => p.Probability));
        Assert.True(segmented.Lesion!.Found);
        Assert.True(segmented.Timings.SegmentationMs > 0);
        Assert.True(segmented.Timings.TotalMs >= segmented.Timings.InferenceMs);
    }

    [SegmentationFact]
    public async Task Classify_SegmentARejectedImage_OutlinesNothing()
    {
        // Skin texture without a lesion: the screening rejects it as not dermoscopic.
        using var skin = SyntheticLesion.Ellipse(640, 480, 0.5, 0.5, 0.001, 0.001, 0);

        var result = await fixture.Classifier.ClassifyAsync(skin.Jpeg(), new ClassificationRequest(Segment: true));

        Assert.Equal(AssessmentStatus.Rejected, result.Assessment.Status);
        Assert.Null(result.Lesion);
    }
}
