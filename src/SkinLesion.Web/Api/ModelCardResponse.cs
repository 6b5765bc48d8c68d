using System.Text.Json;
using System.Text.Json.Serialization;
using SkinLesion.Inference;
using SkinLesion.Web.ModelCard;
using SkinLesion.Web.Wording;

namespace SkinLesion.Web.Api;

/// <summary>
/// The model card. Metrics, split, training and data come from the manifest as opaque JSON, so the
/// training side can extend them without a service release. <c>malignantThreshold</c> is the manifest's;
/// <c>operatingPoint</c> is the one verdicts use (the same, unless a site profile is loaded).
/// </summary>
public sealed record ModelCardResponse(
    string Name,
    string Version,
    string Sha256,
    DateTimeOffset? Created,
    string? Description,
    string File,
    long? SizeBytes,
    int? Opset,
    IReadOnlyList<ManifestLabel> Labels,
    ManifestInput Input,
    ManifestOutputs Outputs,
    ManifestCalibration Calibration,
    ManifestDecisionRule DecisionRule,
    ManifestThreshold MalignantThreshold,
    OperatingPointInfo OperatingPoint,
    JsonElement? Metrics,
    JsonElement? Split,
    JsonElement? Training,
    JsonElement? Data,
    string? Licence,
    string? IntendedUse,
    IReadOnlyList<string> Limitations,
    JsonElement? Figures,
    ServingLimits Serving,
    string Disclaimer)
{
    /// <summary>The clinical fields the model accepts (age, sex, site), its study of them and whether it uses them; absent when it accepts none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ManifestClinical? Clinical { get; init; }

    /// <summary>The lesion segmentation graph (file, sha256, version, threshold, training's Dice and Jaccard); absent when the model ships none, and ?segment=true is then answered 409.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ManifestSegmentation? Segmentation { get; init; }

    /// <summary>
    /// When an answer is uncertain at the operating point verdicts use (the site's band when a profile is loaded): the
    /// reported class's probability below minTopProbability, or the malignant probability from borderlineFrom up to
    /// borderlineTo. Absent when the model defines no band.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public UncertaintyBand? Uncertainty { get; init; }

    /// <summary>The screening artifact that refuses images which are not dermoscopic (file, sha256, version, what it checks); absent when the model has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ManifestOutOfDistribution? Screening { get; init; }

    public static ModelCardResponse From(ModelFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var manifest = facts.Manifest;
        var model = facts.Identity;
        return new ModelCardResponse(
            model.Name, model.Version, model.Sha256, manifest.Created, manifest.Description, manifest.File, manifest.SizeBytes, manifest.Opset,
            manifest.Labels, manifest.Input, manifest.Outputs, manifest.Calibration, manifest.DecisionRule, manifest.MalignantThreshold,
            OperatingPointInfo.From(facts.OperatingPoint), manifest.Metrics, manifest.Split, manifest.Training, manifest.Data, facts.Licence, manifest.IntendedUse, manifest.Limitations, manifest.Figures,
            new ServingLimits(facts.AcceptedFormats, facts.MaxUploadBytes, facts.MaxPixels, facts.MinSide, facts.JpegDecoder),
            ClinicalWording.Disclaimer)
        {
            Clinical = manifest.Clinical,
            Segmentation = manifest.Segmentation,
            Uncertainty = facts.OperatingPoint.Band,
            Screening = manifest.OutOfDistribution,
        };
    }
}
