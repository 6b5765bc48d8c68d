namespace SkinLesion.Inference.Evaluation;

/// <summary>
/// report.json "segmentation" (schema 1.2, only from <c>evaluate --segment --masks</c>): how well the served outline
/// matches the data set's reference masks, and how much each ABCD-style measure says about malignancy.
/// </summary>
/// <param name="Definition">How the figures are computed.</param>
/// <param name="Model">The segmentation graph that drew the outlines.</param>
/// <param name="Masks">Where the reference masks were read from, as given on the command line.</param>
/// <param name="Images">Evaluated images with a reference mask: the denominator of Dice and Jaccard.</param>
/// <param name="Outlined">Of those, how many got an outline.</param>
/// <param name="NotOutlined">The rest by why: empty-mask, mask-touches-border, or rejected (the screening refused the image, so the service outlines nothing).</param>
/// <param name="MissingMasks">Evaluated images without a reference mask, left out of every figure here.</param>
/// <param name="Dice">Mean per-image Dice coefficient of the served outline (drawn onto the mask's grid) with the reference, an image without an outline counting 0, with its bootstrap interval.</param>
/// <param name="Jaccard">Mean per-image Jaccard index (intersection over union), likewise.</param>
/// <param name="OutlinedDice">Mean Dice over the outlined images only.</param>
/// <param name="Measures">Per measure: its AUC for malignant against benign over the outlined images.</param>
/// <param name="TrainingReference">Training's own test figures from the manifest (segmentation.metrics.test), for comparison; null when absent.</param>
public sealed record SegmentationFigures(
    string Definition,
    SegmentationModelInfo Model,
    string Masks,
    int Images,
    int Outlined,
    IReadOnlyDictionary<string, int> NotOutlined,
    int MissingMasks,
    Estimate Dice,
    Estimate Jaccard,
    Estimate OutlinedDice,
    IReadOnlyList<MeasureFigure> Measures,
    IReadOnlyDictionary<string, Estimate>? TrainingReference);
