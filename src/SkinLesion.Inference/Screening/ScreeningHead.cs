using System.Text.Json;

namespace SkinLesion.Inference.Screening;

/// <summary>
/// The artifact's learned dermoscopy-vs-not head (schema 5, written by training/screening_head.py): a logistic
/// regression on the concatenation of <see cref="Features"/>, in that order, each after its distance's nuisance
/// projection. score = sum_i ((x_i - mean_i) / scale_i) * w_i + bias, the logit of "dermoscopic"; an image scoring
/// below <see cref="Threshold"/> is refused as not dermoscopic. Float arrays are base64 of little-endian float32.
/// </summary>
public sealed record ScreeningHead
{
    /// <summary><see cref="ScreeningHeadFeatures"/> names, concatenated in this order.</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>The sum of the features' dimensions.</summary>
    public required int Dimension { get; init; }

    /// <summary>[dimension] the fitting data's mean.</summary>
    public required string Mean { get; init; }

    /// <summary>[dimension] the fitting data's standard deviation, every value positive.</summary>
    public required string Scale { get; init; }

    /// <summary>[dimension] the weights of the standardised features.</summary>
    public required string Weights { get; init; }

    public required double Bias { get; init; }

    /// <summary>The smallest accepted score (a logit): accepted when score >= threshold.</summary>
    public required double Threshold { get; init; }

    /// <summary>
    /// The lowest threshold a site profile may set in place of <see cref="Threshold"/> for its own equipment
    /// (docs/decisions/0034-site-screening-threshold.md); null when the artifact allows none, and a site keeps <see cref="Threshold"/>.
    /// </summary>
    public double? SiteThresholdFloor { get; init; }

    /// <summary>How the head was fitted and its threshold chosen; passed through, never read.</summary>
    public JsonElement? Fit { get; init; }
}
