namespace SkinLesion.Tests.Shared;

/// <summary>A fact that is skipped, with the reason, when the shared HAM10000 archive is not mounted.</summary>
internal sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (!RepoLayout.HasSharedImages)
        {
            Skip = RepoLayout.SharedImagesMissingReason;
        }
    }
}
