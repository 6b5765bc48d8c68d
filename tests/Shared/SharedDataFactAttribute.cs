namespace SkinLesion.Tests.Shared;

/// <summary>A fact that is skipped, with the reason, when the shared HAM10000 archive (and, if it needs them, the masks) is not mounted.</summary>
internal sealed class SharedDataFactAttribute : FactAttribute
{
    private bool _masks;
    private bool _priorAdjusted;

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

    /// <summary>The fact is about the prior-adjusted decision rule, which a manifest with plain argmax does not have.</summary>
    public bool PriorAdjustedRule
    {
        get => _priorAdjusted;
        set
        {
            _priorAdjusted = value;
            if (value && Skip is null && ShippedModel.DecisionRuleType == "argmax")
            {
                Skip = ShippedModel.PlainArgmaxReason;
            }
        }
    }
}
