namespace SkinLesion.Tests.Shared;

/// <summary>A fact that is skipped, with the reason, when the shared HAM10000 archive (and, if it needs them, the masks) is not mounted.</summary>
internal sealed class SharedDataFactAttribute : FactAttribute
{
    private bool _masks;

    public SharedDataFactAttribute()
    {
        if (!RepoLayout.HasSharedImages)
        {
            Skip = RepoLayout.SharedImagesMissingReason;
        }
    }

    /// <summary>The fact also reads the lesion masks (masks.tar.gz), which a copy of the data may lack.</summary>
    public bool Masks
    {
        get => _masks;
        set
        {
            _masks = value;
            if (value && Skip is null && !File.Exists(RepoLayout.MasksArchivePath))
            {
                Skip = RepoLayout.SharedMasksMissingReason;
            }
        }
    }
}
