namespace SkinLesion.Tests.Shared;

/// <summary>A theory that needs the shipped segmentation graph; skipped, with the reason, while the shipped manifest lists none.</summary>
internal sealed class SegmentationTheoryAttribute : TheoryAttribute
{
    public SegmentationTheoryAttribute()
    {
        if (!ShippedModel.HasSegmentation)
        {
            Skip = ShippedModel.NoSegmentationReason;
        }
    }
}
