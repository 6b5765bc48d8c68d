namespace SkinLesion.Cli.Data;

/// <summary>
/// One labelled image. <see cref="Dx"/> is a seven-class code when the set says which class the lesion
/// is (ISIC 2017 maps melanoma/seborrhoeic keratosis/nevus to mel/bkl/nv); ISIC 2016 says only
/// melanoma or not, so there it is null.
/// </summary>
internal sealed record LabelledImage(string ImageId, string? Dx, bool Melanoma, bool? SeborrheicKeratosis, string? LesionId, int Line)
{
    /// <summary>A negative set's group (solid, photo, ...); null on labelled sets.</summary>
    public string? Group { get; init; }
}
