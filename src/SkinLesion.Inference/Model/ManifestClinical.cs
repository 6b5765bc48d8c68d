using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkinLesion.Inference.Model;

/// <summary>
/// The clinical fields (age, sex, body site) a request may send with the image, and whether the model uses them
/// (written by training/clinical.py; docs/model-contract.md). The manifest is the one owner of the accepted values:
/// the service checks requests against these lists and keeps no copy of its own. Without this section a model
/// accepts no clinical fields. <see cref="Fields"/>, <see cref="Decision"/> and <see cref="ValidationGain"/> are required.
/// </summary>
/// <param name="Fields">The fields and the values each accepts.</param>
/// <param name="Decision">Whether the fusion study's rule let a fusion ship, and the rule itself.</param>
/// <param name="ValidationGain">What the fusion gained with every field over the image alone, cross-validated on validation.</param>
/// <param name="Fusion">
/// The graph that uses the fields; JSON null when none ships. This service version runs none and refuses to start when a
/// manifest names one (docs/decisions/0021-clinical-data-accepted-not-used.md).
/// </param>
/// <param name="Report">The study's report, a path inside the model folder relative to the manifest.</param>
public sealed record ManifestClinical(
    ManifestClinicalFields Fields,
    ManifestClinicalDecision Decision,
    ManifestClinicalGain ValidationGain,
    JsonElement? Fusion = null,
    string? Report = null)
{
    /// <summary>Whether the manifest names a fusion graph (anything but an absent or null <c>fusion</c>).</summary>
    [JsonIgnore]
    public bool HasFusion => Fusion is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) };
}
