using System.Globalization;
using System.Text.Json;
using SkinLesion.Inference.Screening;
using SkinLesion.Inference.Segmentation;

namespace SkinLesion.Inference.Model;

/// <summary>
/// Reads the manifest and checks it against itself and against the ONNX session's real metadata.
/// Every failure names the file and the exact mismatch so a broken deployment is diagnosed from the log line.
/// </summary>
internal static partial class ManifestValidator
{
    internal const int SupportedSchemaVersion = 1;

    internal static ModelManifest Read(string manifestPath)
    {
        if (!File.Exists(manifestPath))
        {
            throw new ModelLoadException(
                manifestPath,
                $"the manifest file does not exist. Set {ModelOptions.SectionName}:Path (environment variable SkinLesion__Model__Path) to the model's .json manifest.");
        }

        ModelManifest? manifest;
        try
        {
            using var stream = File.OpenRead(manifestPath);
            manifest = JsonSerializer.Deserialize(stream, ModelJsonContext.Default.ModelManifest);
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException(manifestPath, $"the manifest is not valid JSON of schema version {SupportedSchemaVersion}: {ex.Message}", ex);
        }

        if (manifest is null)
        {
            throw new ModelLoadException(manifestPath, "the manifest is empty (JSON null).");
        }

        var problem = FindProblem(manifest);
        if (problem is not null)
        {
            throw new ModelLoadException(manifestPath, problem);
        }

        return manifest;
    }

    /// <summary>Internal consistency of the manifest; returns a description of the first problem, or null.</summary>
    internal static string? FindProblem(ModelManifest manifest)
    {
        if (manifest.SchemaVersion != SupportedSchemaVersion)
        {
            return $"schemaVersion is {manifest.SchemaVersion}; this service understands schemaVersion {SupportedSchemaVersion}.";
        }

        // A key given as JSON null passes "required" (the key is there); the checks below take the value as given.
        (string Name, object? Value)[] required =
        [
            ("name", manifest.Name), ("version", manifest.Version), ("file", manifest.File), ("sha256", manifest.Sha256),
            ("input", manifest.Input), ("outputs", manifest.Outputs), ("labels", manifest.Labels), ("calibration", manifest.Calibration),
            ("decisionRule", manifest.DecisionRule), ("malignantThreshold", manifest.MalignantThreshold),
        ];
        if (required.FirstOrDefault(field => field.Value is null).Name is { } missing)
        {
            return $"{missing} is null; schema version {SupportedSchemaVersion} requires a value.";
        }

        for (int i = 0; i < manifest.Labels.Count; i++)
        {
            if (manifest.Labels[i] is null)
            {
                return $"labels[{i}] is null; each label is an object with index, code and name.";
            }
        }

        return FileNameProblem("file", manifest.File)
            ?? Sha256Problem("sha256", manifest.Sha256)
            ?? InputProblem(manifest.Input)
            ?? CamGridProblem(manifest)
            ?? LabelsProblem(manifest.Labels)
            ?? DecisionRuleProblem(manifest.DecisionRule, manifest.Labels.Count)
            ?? ThresholdProblem(manifest)
            ?? OutOfDistributionProblem(manifest)
            ?? UncertaintyProblem(manifest.Uncertainty, manifest.MalignantThreshold.Value)
            ?? ClinicalSectionValidator.FindProblem(manifest.Clinical)
            ?? SegmentationContract.ManifestProblem(manifest.Segmentation);
    }

    private static string? CamGridProblem(ModelManifest manifest) =>
        (manifest.Input.NetworkSize, manifest.CamStride) switch
        {
            (null, null) => null,
            (int size, int stride) when size > 0 && stride > 0 => null,
            (int size, int stride) => $"input.networkSize {size} and camStride {stride} must both be positive.",
            _ => "input.networkSize and camStride place the cam grid together: give both or neither.",
        };

    private static string? InputProblem(ManifestInput input)
    {
        if (!string.Equals(input.Dtype, "uint8", StringComparison.Ordinal))
        {
            return $"input.dtype is '{input.Dtype}'; the server feeds uint8 pixels.";
        }

        if (!string.Equals(input.Layout, "NHWC", StringComparison.Ordinal) || input.Channels != 3
            || !string.Equals(input.ColorOrder, "RGB", StringComparison.Ordinal))
        {
            return $"input is {input.Layout} with {input.Channels} {input.ColorOrder} channels; the server feeds NHWC with 3 RGB channels.";
        }

        return input.Height <= 0 || input.Width <= 0 ? $"input size {input.Width}x{input.Height} is not positive." : null;
    }

    private static string? LabelsProblem(IReadOnlyList<ManifestLabel> labels)
    {
        if (labels.Count < 2)
        {
            return $"labels has {labels.Count} entries; at least 2 are needed.";
        }

        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i].Index != i)
            {
                return $"labels[{i}] has index {labels[i].Index}; labels must be listed in output order 0..{labels.Count - 1}.";
            }

            if (string.IsNullOrWhiteSpace(labels[i].Code))
            {
                return $"labels[{i}] has no code.";
            }
        }

        var duplicate = labels.GroupBy(label => label.Code, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            return $"label code '{duplicate.Key}' appears more than once.";
        }

        // The verdict sums the malignant labels' probabilities: with none it is always benign, with all always malignant.
        return labels.Any(label => label.Malignant) && labels.Any(label => !label.Malignant)
            ? null
            : $"labels mark {labels.Count(label => label.Malignant)} of {labels.Count} classes malignant; the benign/malignant verdict needs at least one of each.";
    }

    private static string? DecisionRuleProblem(ManifestDecisionRule rule, int labelCount)
    {
        switch (rule.Type)
        {
            case DecisionRule.ArgmaxType:
                return null;
            case DecisionRule.PriorAdjustedArgmaxType:
                if (rule.Priors is null || rule.Priors.Count != labelCount)
                {
                    return $"decisionRule.priors has {rule.Priors?.Count ?? 0} entries; it needs one per label ({labelCount}).";
                }

                if (rule.Priors.Any(prior => !(prior > 0) || double.IsInfinity(prior)))
                {
                    return "decisionRule.priors must all be positive finite numbers.";
                }

                if (rule.Exponent is not { } exponent || double.IsNaN(exponent) || double.IsInfinity(exponent) || exponent < 0)
                {
                    return "decisionRule.exponent must be a non-negative finite number for prior-adjusted-argmax.";
                }

                return null;
            default:
                return $"decisionRule.type '{rule.Type}' is unknown; expected '{DecisionRule.ArgmaxType}' or '{DecisionRule.PriorAdjustedArgmaxType}'.";
        }
    }

    private static string? ThresholdProblem(ModelManifest manifest)
    {
        var threshold = manifest.MalignantThreshold.Value;
        if (!(threshold > 0 && threshold <= 1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"malignantThreshold.value {threshold} is outside (0, 1].");
        }

        return string.IsNullOrWhiteSpace(manifest.Outputs.Probabilities) ? "outputs.probabilities is empty." : null;
    }

    private static string? OutOfDistributionProblem(ModelManifest manifest)
    {
        if (manifest.OutOfDistribution is not { } ood)
        {
            return null;
        }

        if (manifest.Outputs.Embedding is null)
        {
            return "outOfDistribution needs the embedding output, but outputs.embedding is not set.";
        }

        return FileNameProblem("outOfDistribution.file", ood.File) ?? Sha256Problem("outOfDistribution.sha256", ood.Sha256);
    }

    private static string? UncertaintyProblem(ManifestUncertainty? uncertainty, double threshold)
    {
        if (uncertainty is null)
        {
            return null;
        }

        if (!(uncertainty.MinTopProbability is >= 0 and <= 1 && uncertainty.BorderlineFrom is >= 0 and <= 1
            && uncertainty.BorderlineTo is >= 0 and <= 1 && uncertainty.BorderlineFrom <= uncertainty.BorderlineTo))
        {
            return string.Create(CultureInfo.InvariantCulture, $"uncertainty needs minTopProbability, borderlineFrom <= borderlineTo, all in [0, 1]; got {uncertainty.MinTopProbability}, {uncertainty.BorderlineFrom}, {uncertainty.BorderlineTo}.");
        }

        // The band starts at the threshold (ADR 0009), as a site profile's does: apart, a malignant call below the band or
        // a benign one inside it would be reported as certain or borderline against the rule.
        return uncertainty.BorderlineFrom == threshold
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"uncertainty.borderlineFrom {uncertainty.BorderlineFrom} is not malignantThreshold.value {threshold}: the borderline band starts at the threshold.");
    }

    internal static bool IsSha256(string value) => value.Length == 64 && value.All(Uri.IsHexDigit);

    /// <summary>A sha256 the manifest gives, as <paramref name="key"/>; null when it is 64 hexadecimal characters.</summary>
    internal static string? Sha256Problem(string key, string value) =>
        IsSha256(value) ? null : $"{key} '{value}' is not 64 hexadecimal characters.";

    /// <summary>
    /// A file the manifest names, as <paramref name="key"/>; null when it is a bare file name. A path could reach outside
    /// the model's folder, and the files are resolved next to the manifest.
    /// </summary>
    internal static string? FileNameProblem(string key, string file) =>
        string.IsNullOrWhiteSpace(file) || Path.GetFileName(file) != file ? $"{key} '{file}' must be a file name next to the manifest." : null;
}
