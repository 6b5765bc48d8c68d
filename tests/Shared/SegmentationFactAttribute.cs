namespace SkinLesion.Tests.Shared;

/// <summary>A fact that needs the shipped segmentation graph; skipped, with the reason, while the shipped manifest lists none.</summary>
internal sealed class SegmentationFactAttribute : FactAttribute
{
    public SegmentationFactAttribute()
    {
        if (!ShippedModel.HasSegmentation)
        {
            Skip = ShippedModel.NoSegmentationReason;
        }
    }
}
