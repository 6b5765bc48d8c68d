namespace SkinLesion.Cli.Data;

/// <summary>The label-file shapes the command recognises, told apart by their header.</summary>
internal enum LabelFormat
{
    /// <summary>HAM10000_metadata.csv (lesion_id,image_id,dx,...): seven classes, lesion ids for grouped intervals.</summary>
    Ham10000Metadata,

    /// <summary>ISIC 2018 task 3 ground truth: image,MEL,NV,BCC,AKIEC,BKL,DF,VASC one-hot.</summary>
    Isic2018Task3,

    /// <summary>ISIC 2017 part 3: image_id,melanoma,seborrheic_keratosis (nevus when both are 0).</summary>
    Isic2017Part3,

    /// <summary>ISIC 2016 part 3: image_id,malignant, or the official headerless two columns.</summary>
    Isic2016Part3,

    /// <summary>Any CSV with image_id and dx columns (seven-class codes).</summary>
    ImageIdDx,

    /// <summary>
    /// A negative set (training/negatives.py): image_id,group[,source], images that are not dermoscopic and carry
    /// no diagnosis. Only screening is measured on it: how many are rejected, per group.
    /// </summary>
    NegativeGroups,
}
