using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Inference.Site;

/// <summary>
/// The site's figures at the chosen operating point, each a value with its 95% percentile-bootstrap interval, rounded to
/// four decimals as evaluation reports are. The interval of <see cref="Sensitivity"/> is what the service's guard rail
/// reads (<see cref="SiteProfile.SensitivityWarningFloor"/>).
/// </summary>
/// <param name="Sensitivity">Malignant cases at or above the threshold, over every evaluated image.</param>
/// <param name="Specificity">Benign cases below the threshold, over every evaluated image.</param>
/// <param name="MalignantAuc">ROC AUC of the malignant probability: how well the model ranks the site's cases, whatever the threshold.</param>
/// <param name="AcceptedSensitivity">The sensitivity on the images the service would show with a verdict (classified + uncertain).</param>
/// <param name="AcceptedSpecificity">The specificity on those images.</param>
/// <param name="UncertainRate">Share of accepted images reported as uncertain with the site's band (low-confidence or borderline).</param>
/// <param name="BorderlineRate">Share of accepted images in the borderline band.</param>
/// <param name="MalignantShareInBand">Share of malignant cases among the accepted images in the borderline band (null when none is).</param>
public sealed record SiteFigures(
    Estimate Sensitivity,
    Estimate Specificity,
    Estimate MalignantAuc,
    Estimate AcceptedSensitivity,
    Estimate AcceptedSpecificity,
    Estimate UncertainRate,
    Estimate BorderlineRate,
    Estimate MalignantShareInBand);
