namespace SkinLesion.Tests.Shared;

/// <summary>A fact that needs both the shipped segmentation graph and the shared HAM10000 images; skipped, with the reason, without either.</summary>
internal sealed class SharedSegmentationFactAttribute : FactAttribute
{
    public SharedSegmentationFactAttribute()
    {
        if (!ShippedModel.HasSegmentation)
        {
            Skip = ShippedModel.NoSegmentationReason;
        }
        else if (!RepoLayout.HasSharedImages)
        {
            Skip = RepoLayout.SharedImagesMissingReason;
        }
    }
}
