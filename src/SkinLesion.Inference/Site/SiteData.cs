namespace SkinLesion.Inference.Site;

/// <summary>The site's labelled images the operating point was chosen on ("chosenOn" in the profile).</summary>
/// <param name="LabelFormat">The label file's format, as evaluate names it (isic2017-part3, image-id-dx, ...).</param>
/// <param name="MalignantDefinition">Which labels count as malignant (melanoma on the ISIC sets; mel, bcc or akiec on seven-class sets).</param>
/// <param name="Population">Which images the figures are over (every evaluated image, rejected ones included, as in evaluate's headline).</param>
/// <param name="Labelled">Images in the label file (in the split, when one was named).</param>
/// <param name="Evaluated">Images the model scored.</param>
/// <param name="Failed">Labelled images not scored (missing, or refused as files); they count nowhere.</param>
/// <param name="Malignant">Evaluated malignant cases: the threshold is chosen on these.</param>
/// <param name="Benign">Evaluated benign cases: the specificity is measured on these.</param>
/// <param name="RejectedByScreening">Evaluated images the service would refuse to assess (not dermoscopic, featureless, greyscale).</param>
/// <param name="MalignantRejectedByScreening">Of those, the malignant cases.</param>
public sealed record SiteData(
    string LabelFormat,
    string MalignantDefinition,
    string Population,
    int Labelled,
    int Evaluated,
    int Failed,
    int Malignant,
    int Benign,
    int RejectedByScreening,
    int MalignantRejectedByScreening);
