using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using SkinLesion.Inference.Model;

namespace SkinLesion.Inference.Screening;

/// <summary>
/// Scores an embedding by its squared Mahalanobis distance to the nearest class mean, after removing its
/// components along the nuisance directions n_j (x' = x - sum_j (n_j·x) n_j):
/// min over classes of sum_i (b_i·d)^2 / v_i + (|d|^2 - sum_i (b_i·d)^2) / r, with d = x' - mean_c.
/// Larger means further from anything the model was trained on; above <see cref="Threshold"/> is refused.
/// From schema 3 the same distance is also taken on the early-stage statistics (<see cref="Early"/>).
/// Immutable after loading and safe for concurrent use.
/// </summary>
public sealed class OutOfDistributionModel
{
    // 2 added the nuisance projection, 3 the early-stage check; an older reader would score a newer artifact
    // wrongly (or half of it), hence the bumps. Older schemas still load, so a refit can compute embeddings
    // with the artifact it replaces.
    internal const int SupportedSchemaVersion = 3;

    private readonly MahalanobisDistance _embedding;
    private readonly MahalanobisDistance? _early;

    private OutOfDistributionModel(OutOfDistributionArtifact artifact, MahalanobisDistance embedding, MahalanobisDistance? early)
    {
        Artifact = artifact;
        _embedding = embedding;
        _early = early;
    }

    public OutOfDistributionArtifact Artifact { get; }

    public double Threshold => Artifact.Threshold;

    public double TextureMinimum => Artifact.TextureMinimum;

    /// <summary>The early-stage check; null for artifacts before schema 3.</summary>
    public OutOfDistributionEarlyCheck? Early => Artifact.Early;

    /// <summary>Loads and checks the artifact against the manifest it is listed in; any problem is a <see cref="ModelLoadException"/>.</summary>
    public static OutOfDistributionModel Load(string path, string expectedSha256, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!File.Exists(path))
        {
            throw new ModelLoadException(path, "the out-of-distribution artifact named by the manifest (outOfDistribution.file) does not exist.");
        }

        byte[] bytes = File.ReadAllBytes(path);
        string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelLoadException(path, $"sha256 mismatch: the file hashes to {actual} but the manifest's outOfDistribution.sha256 is {expectedSha256.ToLowerInvariant()}.");
        }

        OutOfDistributionArtifact? artifact;
        try
        {
            artifact = JsonSerializer.Deserialize(bytes, OutOfDistributionJsonContext.Default.OutOfDistributionArtifact);
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException(path, $"the out-of-distribution artifact is not valid JSON of schema version {SupportedSchemaVersion}: {ex.Message}", ex);
        }

        if (artifact is null)
        {
            throw new ModelLoadException(path, "the out-of-distribution artifact is empty (JSON null).");
        }

        var problem = FindProblem(artifact, manifest);
        if (problem is not null)
        {
            throw new ModelLoadException(path, problem);
        }

        try
        {
            var embedding = Distance(
                string.Empty, artifact.Dimension, artifact.Components, artifact.Labels.Count, (artifact.ClassMeans, "classMeans"),
                artifact.Basis, artifact.Variances, artifact.ResidualVariance, artifact.NuisanceComponents, artifact.NuisanceBasis);
            var early = artifact.Early is not { } e
                ? null
                : Distance("early.", e.Dimension, e.Components, e.MeanCount, (e.Means, "means"), e.Basis, e.Variances, e.ResidualVariance, e.NuisanceComponents, e.NuisanceBasis);
            return new OutOfDistributionModel(artifact, embedding, early);
        }
        catch (FormatException ex)
        {
            throw new ModelLoadException(path, $"the out-of-distribution artifact's arrays are unusable: {ex.Message}", ex);
        }
    }

    /// <summary>The squared Mahalanobis distance of <paramref name="embedding"/> to the nearest class mean.</summary>
    public double Score(ReadOnlySpan<float> embedding) => _embedding.Score(embedding, "embedding");

    /// <summary>The early-stage distance of <paramref name="statistics"/> (the manifest's earlyStatistics output).</summary>
    /// <exception cref="InvalidOperationException">The artifact has no early-stage check.</exception>
    public double ScoreEarly(ReadOnlySpan<float> statistics) =>
        (_early ?? throw new InvalidOperationException("This artifact has no early-stage check (schema 3 'early').")).Score(statistics, "early statistics");

    internal static string? FindProblem(OutOfDistributionArtifact artifact, ModelManifest manifest)
    {
        if (artifact.SchemaVersion is < 1 or > SupportedSchemaVersion)
        {
            return $"schemaVersion is {artifact.SchemaVersion}; this service understands schemaVersion 1 to {SupportedSchemaVersion}.";
        }

        if (artifact.SchemaVersion == 1 && (artifact.NuisanceComponents != 0 || artifact.NuisanceBasis is not null))
        {
            return "schemaVersion 1 has no nuisance projection, yet nuisanceComponents or nuisanceBasis is present: write it as schemaVersion 2.";
        }

        if (!string.Equals(artifact.ModelSha256, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return $"it was fitted for the model with sha256 {artifact.ModelSha256}, not this manifest's {manifest.Sha256}: refit it (training/ood.py) for this model.";
        }

        if (!string.Equals(artifact.EmbeddingOutput, manifest.Outputs.Embedding, StringComparison.Ordinal))
        {
            return $"it scores the output '{artifact.EmbeddingOutput}' but the manifest's embedding output is '{manifest.Outputs.Embedding ?? "(none)"}'.";
        }

        if (!artifact.Labels.SequenceEqual(manifest.Labels.Select(l => l.Code), StringComparer.Ordinal))
        {
            return $"its labels [{string.Join(", ", artifact.Labels)}] differ from the manifest's [{string.Join(", ", manifest.Labels.Select(l => l.Code))}].";
        }

        var embeddingProblem = DistanceProblem(string.Empty, artifact.Dimension, artifact.Components, artifact.NuisanceComponents, artifact.NuisanceBasis, artifact.ResidualVariance, artifact.Threshold);
        if (embeddingProblem is not null)
        {
            return embeddingProblem;
        }

        if (!(artifact.TextureMinimum >= 0) || !double.IsFinite(artifact.TextureMinimum))
        {
            return "textureMinimum must be non-negative and finite.";
        }

        if (artifact.Early is { } early)
        {
            if (artifact.SchemaVersion < 3)
            {
                return $"schemaVersion {artifact.SchemaVersion} has no early-stage check, yet 'early' is present: write it as schemaVersion 3.";
            }

            if (!string.Equals(early.Output, manifest.Outputs.EarlyStatistics, StringComparison.Ordinal))
            {
                return $"its early check scores the output '{early.Output}' but the manifest's earlyStatistics output is '{manifest.Outputs.EarlyStatistics ?? "(none)"}'.";
            }

            if (early.MeanCount <= 0)
            {
                return $"early.meanCount {early.MeanCount} must be positive.";
            }

            return DistanceProblem("early.", early.Dimension, early.Components, early.NuisanceComponents, early.NuisanceBasis, early.ResidualVariance, early.Threshold);
        }

        return null;
    }

    /// <summary>The checks both distances share; <paramref name="prefix"/> names the artifact section ("" or "early.").</summary>
    private static string? DistanceProblem(string prefix, int dimension, int components, int nuisanceComponents, string? nuisanceBasis, double residualVariance, double threshold)
    {
        if (dimension <= 0 || components <= 0 || components > dimension)
        {
            return $"{prefix}dimension {dimension} and {prefix}components {components} must satisfy 0 < components <= dimension.";
        }

        if (nuisanceComponents < 0 || nuisanceComponents >= dimension || (nuisanceComponents > 0 && string.IsNullOrEmpty(nuisanceBasis)))
        {
            return $"{prefix}nuisanceComponents {nuisanceComponents} must be 0 or less than the dimension {dimension}, with a {prefix}nuisanceBasis when above 0.";
        }

        if (!(residualVariance > 0) || !double.IsFinite(residualVariance) || !(threshold > 0) || !double.IsFinite(threshold))
        {
            return $"{prefix}residualVariance and {prefix}threshold must be positive and finite.";
        }

        return null;
    }

    /// <summary>Decodes one distance's arrays (field names prefixed with the artifact section, so an error names the array).</summary>
    private static MahalanobisDistance Distance(
        string prefix, int dimension, int components, int meanCount, (string? Values, string Field) means, string? basis, string? variances,
        double residualVariance, int nuisanceComponents, string? nuisanceBasis) =>
        new(
            dimension,
            components,
            meanCount,
            Floats(means.Values, meanCount * dimension, prefix + means.Field),
            Floats(basis, components * dimension, prefix + "basis"),
            Floats(variances, components, prefix + "variances"),
            residualVariance,
            nuisanceComponents == 0 ? [] : Floats(nuisanceBasis ?? string.Empty, nuisanceComponents * dimension, prefix + "nuisanceBasis"));

    private static float[] Floats(string? base64, int count, string field)
    {
        if (base64 is null)
        {
            throw new FormatException($"{field} is missing.");
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The artifact's float32 arrays are little-endian.");
        }

        byte[] raw = Convert.FromBase64String(base64);
        if (raw.Length != count * sizeof(float))
        {
            throw new FormatException($"{field} holds {raw.Length / sizeof(float)} float32 values; expected {count}.");
        }

        return MemoryMarshal.Cast<byte, float>(raw).ToArray();
    }
}
