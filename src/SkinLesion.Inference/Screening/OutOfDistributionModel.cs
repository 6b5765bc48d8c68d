using System.Security.Cryptography;
using System.Text.Json;
using SkinLesion.Inference.Model;

namespace SkinLesion.Inference.Screening;

/// <summary>
/// Scores a graph output by its squared Mahalanobis distance to the nearest of its distance's means, after
/// removing its components along the nuisance directions n_j (x' = x - sum_j (n_j·x) n_j):
/// min over means of sum_i (b_i·d)^2 / v_i + (|d|^2 - sum_i (b_i·d)^2) / r, with d = x' - mean_c.
/// Larger means further from anything the model was trained on; above a distance's threshold is refused.
/// The embedding's distance is always there (<see cref="Embedding"/>), the early-stage statistics' when the
/// artifact has one (<see cref="Early"/>). Immutable after loading and safe for concurrent use.
/// </summary>
public sealed class OutOfDistributionModel
{
    // 2 added the nuisance projection, 3 the early-stage distance, 4 gave every distance one shape; a reader of
    // another schema would score an artifact wrongly (or half of it), hence the bumps. Only schema 4 is read:
    // an older artifact is refused with what to do (refit or convert), never scored by a reader of another shape.
    internal const int SupportedSchemaVersion = 4;

    private const string EmbeddingSection = "distances.embedding";
    private const string EarlySection = "distances.early";

    private readonly MahalanobisDistance _embedding;
    private readonly MahalanobisDistance? _early;

    private OutOfDistributionModel(OutOfDistributionArtifact artifact, MahalanobisDistance embedding, MahalanobisDistance? early)
    {
        Artifact = artifact;
        _embedding = embedding;
        _early = early;
    }

    public OutOfDistributionArtifact Artifact { get; }

    /// <summary>The embedding's distance.</summary>
    public OutOfDistributionDistance Embedding => Artifact.Distances.Embedding;

    /// <summary>The early-stage statistics' distance; null when the artifact has none.</summary>
    public OutOfDistributionDistance? Early => Artifact.Distances.Early;

    /// <summary>The embedding distance's threshold.</summary>
    public double Threshold => Embedding.Threshold;

    public double TextureMinimum => Artifact.TextureMinimum;

    /// <summary>Loads and checks the artifact against the manifest it is listed in; any problem is a <see cref="ModelLoadException"/>.</summary>
    public static OutOfDistributionModel Load(string path, string expectedSha256, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var artifact = Read(path, expectedSha256);
        var problem = FindProblem(artifact, manifest);
        if (problem is not null)
        {
            throw new ModelLoadException(path, problem);
        }

        try
        {
            var embedding = new MahalanobisDistance(artifact.Distances.Embedding, EmbeddingSection);
            var early = artifact.Distances.Early is { } e ? new MahalanobisDistance(e, EarlySection) : null;
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
    /// <exception cref="InvalidOperationException">The artifact has no early-stage distance.</exception>
    public double ScoreEarly(ReadOnlySpan<float> statistics) =>
        (_early ?? throw new InvalidOperationException($"This artifact has no early-stage distance ({EarlySection}).")).Score(statistics, "early statistics");

    private static string? FindProblem(OutOfDistributionArtifact artifact, ModelManifest manifest)
    {
        if (!string.Equals(artifact.ModelSha256, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return $"it was fitted for the model with sha256 {artifact.ModelSha256}, not this manifest's {manifest.Sha256}: refit it (training/ood.py) for this model.";
        }

        if (!artifact.Labels.SequenceEqual(manifest.Labels.Select(l => l.Code), StringComparer.Ordinal))
        {
            return $"its labels [{string.Join(", ", artifact.Labels)}] differ from the manifest's [{string.Join(", ", manifest.Labels.Select(l => l.Code))}].";
        }

        if (!(artifact.TextureMinimum >= 0) || !double.IsFinite(artifact.TextureMinimum))
        {
            return "textureMinimum must be non-negative and finite.";
        }

        var embedding = artifact.Distances.Embedding;
        if (embedding.MeanCount != artifact.Labels.Count)
        {
            return $"{EmbeddingSection}.meanCount {embedding.MeanCount} must equal the number of labels ({artifact.Labels.Count}): one mean per class.";
        }

        return DistanceProblem(EmbeddingSection, embedding, "embedding", manifest.Outputs.Embedding)
            ?? (artifact.Distances.Early is { } early ? DistanceProblem(EarlySection, early, "earlyStatistics", manifest.Outputs.EarlyStatistics) : null);
    }

    /// <summary>Reads the file, checks its sha256 and its schema version, and deserializes it.</summary>
    private static OutOfDistributionArtifact Read(string path, string expectedSha256)
    {
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
            // The version is read first: an artifact of another schema has another shape, and saying so helps
            // more than naming the first field this reader misses.
            if (SchemaVersionOf(bytes) is { } version and not SupportedSchemaVersion)
            {
                throw new ModelLoadException(path, $"schemaVersion is {version}; this service reads schemaVersion {SupportedSchemaVersion} only: refit the artifact (training/fit-ood.sh) or convert it to schema {SupportedSchemaVersion} (docs/model-contract.md).");
            }

            artifact = JsonSerializer.Deserialize(bytes, ModelJsonContext.Default.OutOfDistributionArtifact);
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException(path, $"the out-of-distribution artifact is not valid JSON of schema version {SupportedSchemaVersion}: {ex.Message}", ex);
        }

        return artifact ?? throw new ModelLoadException(path, "the out-of-distribution artifact is empty (JSON null).");
    }

    private static int? SchemaVersionOf(byte[] json)
    {
        var options = ModelJsonContext.Default.Options;
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = options.ReadCommentHandling, AllowTrailingCommas = options.AllowTrailingCommas });
        var root = document.RootElement;
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("schemaVersion", out var version)
            && version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out int number)
            ? number
            : null;
    }

    /// <summary>The checks every distance gets; <paramref name="section"/> names it in the artifact, <paramref name="outputRole"/> its output in the manifest.</summary>
    private static string? DistanceProblem(string section, OutOfDistributionDistance distance, string outputRole, string? manifestOutput)
    {
        if (!string.Equals(distance.Output, manifestOutput, StringComparison.Ordinal))
        {
            return $"{section}.output is '{distance.Output}' but the manifest's outputs.{outputRole} is '{manifestOutput ?? "(none)"}'.";
        }

        if (distance.Dimension <= 0 || distance.Components <= 0 || distance.Components > distance.Dimension)
        {
            return $"{section}.dimension {distance.Dimension} and {section}.components {distance.Components} must satisfy 0 < components <= dimension.";
        }

        if (distance.MeanCount <= 0)
        {
            return $"{section}.meanCount {distance.MeanCount} must be positive.";
        }

        if (distance.NuisanceComponents < 0 || distance.NuisanceComponents >= distance.Dimension
            || (distance.NuisanceComponents > 0 && string.IsNullOrEmpty(distance.NuisanceBasis)))
        {
            return $"{section}.nuisanceComponents {distance.NuisanceComponents} must be 0 or less than the dimension {distance.Dimension}, with a {section}.nuisanceBasis when above 0.";
        }

        if (!(distance.ResidualVariance > 0) || !double.IsFinite(distance.ResidualVariance) || !(distance.Threshold > 0) || !double.IsFinite(distance.Threshold))
        {
            return $"{section}.residualVariance and {section}.threshold must be positive and finite.";
        }

        return null;
    }
}
