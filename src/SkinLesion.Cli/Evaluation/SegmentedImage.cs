namespace SkinLesion.Cli.Evaluation;

/// <summary>One scored image against its reference mask: Dice and Jaccard of the served outline (NaN without a mask).</summary>
/// <param name="Malignant">Whether the set labels the lesion malignant (mel, bcc, akiec; melanoma where only that is named).</param>
/// <param name="HasMask">Whether the masks hold this image's reference.</param>
internal sealed record SegmentedImage(ScoredImage Image, bool Malignant, bool HasMask, double Dice, double Jaccard);
