namespace SkinLesion.Tests.Shared;

/// <summary>A theory that is skipped, with the reason, when the shared HAM10000 archive is not mounted.</summary>
internal sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (!RepoLayout.HasSharedImages)
        {
            Skip = RepoLayout.SharedImagesMissingReason;
        }
    }
}
