namespace SkinLesion.Cli.Data;

/// <summary>A parsed label file.</summary>
internal sealed record LabelSet(LabelFormat Format, IReadOnlyList<LabelledImage> Images)
{
    /// <summary>Kebab-case name used in reports.</summary>
    public string FormatName => Format switch
    {
        LabelFormat.Ham10000Metadata => "ham10000-metadata",
        LabelFormat.Isic2018Task3 => "isic2018-task3",
        LabelFormat.Isic2017Part3 => "isic2017-part3",
        LabelFormat.Isic2016Part3 => "isic2016-part3",
        LabelFormat.NegativeGroups => "negative-groups",
        _ => "image-id-dx",
    };

    /// <summary>True for a set of non-dermoscopic images without diagnoses: no classification figures, only screening.</summary>
    public bool IsNegative => Format == LabelFormat.NegativeGroups;
}
