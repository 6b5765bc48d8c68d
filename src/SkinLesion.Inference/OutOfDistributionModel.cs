using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkinLesion.Inference;

/// <summary>
/// The out-of-distribution artifact written by training/ood.py (models/*-ood.json, listed in the manifest's
/// <c>outOfDistribution</c> section): class means of the model's embedding over HAM10000 training images and
/// a shared covariance, shrunk towards its mean variance and kept as its top principal components plus one
/// isotropic residual variance (probabilistic PCA). Before any of that, the embedding loses its components
/// along <c>nuisanceBasis</c>: the directions in which it moves when the same lesion is photographed by
/// another clinic's equipment (training/acquisition.py), which say nothing about whether the image is a
/// skin lesion. Schema 3 adds <see cref="Early"/>, a second check of the same form on the model's early-stage
/// statistics. Float arrays are base64 of little-endian float32.
/// </summary>
public sealed record OutOfDistributionArtifact
{
    public required int SchemaVersion { get; init; }
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required string ModelSha256 { get; init; }
    public required string EmbeddingOutput { get; init; }
    public required int Dimension { get; init; }
    public required int Components { get; init; }
    public required IReadOnlyList<string> Labels { get; init; }
    public required string ClassMeans { get; init; }
    public required string Basis { get; init; }
    public required string Variances { get; init; }
    public required double ResidualVariance { get; init; }
    public required double Threshold { get; init; }
    public required double TextureMinimum { get; init; }

    /// <summary>Number of orthonormal rows in <see cref="NuisanceBasis"/>; 0 projects nothing out.</summary>
    public int NuisanceComponents { get; init; }

    /// <summary>[nuisanceComponents, dimension] orthonormal directions removed from the embedding before scoring.</summary>
    public string? NuisanceBasis { get; init; }

    /// <summary>Schema 3: a second distance on the model's early-stage statistics; null when the artifact has none.</summary>
    public OutOfDistributionEarlyCheck? Early { get; init; }

    public string? Method { get; init; }
    public JsonElement? Fit { get; init; }
    public JsonElement? Validation { get; init; }
    public IReadOnlyList<OutOfDistributionReference> Reference { get; init; } = [];
}

/// <summary>
/// The second check of schema 3: the same kind of distance (nuisance projection, then Mahalanobis to the nearest
/// of <see cref="MeanCount"/> means) on the output that holds per-channel statistics of the model's early stages
/// (training/skinlesion/early.py). An image is refused when either distance is above its threshold.
/// </summary>
public sealed record OutOfDistributionEarlyCheck
{
    public required string Output { get; init; }
    public required int Dimension { get; init; }
    public required int Components { get; init; }
    public required int MeanCount { get; init; }
    public required string Means { get; init; }
    public required string Basis { get; init; }
    public required string Variances { get; init; }
    public required double ResidualVariance { get; init; }
    public int NuisanceComponents { get; init; }
    public string? NuisanceBasis { get; init; }
    public required double Threshold { get; init; }
    public string? Method { get; init; }
}

/// <summary>A HAM10000 validation image with the scores and texture numpy computed, for the parity test; EarlyScore from schema 3.</summary>
public sealed record OutOfDistributionReference(string ImageId, double Score, double Texture, double? EarlyScore = null);

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

/// <summary>Nuisance projection, then the squared Mahalanobis distance to the nearest mean under a probabilistic-PCA covariance.</summary>
internal sealed class MahalanobisDistance
{
    private readonly int _dimension;
    private readonly int _components;
    private readonly int _means;
    private readonly float[] _nuisance;        // [nuisanceComponents, dimension]
    private readonly float[] _basis;           // [components, dimension]
    private readonly float[] _meanValues;      // [means, dimension]
    private readonly double[] _inverseVariances;
    private readonly double[] _projectedMeans; // [means, components]
    private readonly double[] _meanDots;       // [means]: |mean_c|^2
    private readonly double _inverseResidual;

    internal MahalanobisDistance(int dimension, int components, int means, float[] meanValues, float[] basis, float[] variances, double residualVariance, float[] nuisance)
    {
        if (variances.Any(v => !float.IsFinite(v) || v <= 0) || meanValues.Any(v => !float.IsFinite(v)) || basis.Any(v => !float.IsFinite(v))
            || nuisance.Any(v => !float.IsFinite(v)))
        {
            throw new FormatException("variances must be positive and every value finite.");
        }

        _dimension = dimension;
        _components = components;
        _means = means;
        _meanValues = meanValues;
        _basis = basis;
        _nuisance = nuisance;
        _inverseVariances = [.. variances.Select(v => 1.0 / v)];
        _inverseResidual = 1.0 / residualVariance;
        _projectedMeans = new double[means * components];
        _meanDots = new double[means];
        for (int c = 0; c < means; c++)
        {
            var mean = meanValues.AsSpan(c * dimension, dimension);
            _meanDots[c] = Dot(mean, mean);
            for (int i = 0; i < components; i++)
            {
                _projectedMeans[(c * components) + i] = Dot(basis.AsSpan(i * dimension, dimension), mean);
            }
        }
    }

    internal double Score(ReadOnlySpan<float> vector, string what)
    {
        int d = _dimension;
        if (vector.Length != d)
        {
            throw new ArgumentException($"Expected {what} of {d} values, got {vector.Length}.", nameof(vector));
        }

        if (_nuisance.Length == 0)
        {
            return ScoreProjected(vector);
        }

        Span<float> kept = d <= 4096 ? stackalloc float[d] : new float[d];
        vector.CopyTo(kept);
        for (int j = 0; j < _nuisance.Length / d; j++)
        {
            var direction = _nuisance.AsSpan(j * d, d);
            float along = (float)Dot(direction, vector);
            for (int i = 0; i < d; i++)
            {
                kept[i] -= along * direction[i];
            }
        }

        return ScoreProjected(kept);
    }

    private double ScoreProjected(ReadOnlySpan<float> vector)
    {
        int d = _dimension;
        int k = _components;
        Span<double> projected = k <= 512 ? stackalloc double[k] : new double[k];
        for (int i = 0; i < k; i++)
        {
            projected[i] = Dot(_basis.AsSpan(i * d, d), vector);
        }

        double self = Dot(vector, vector);
        double best = double.PositiveInfinity;
        for (int c = 0; c < _means; c++)
        {
            double squared = self - (2 * Dot(_meanValues.AsSpan(c * d, d), vector)) + _meanDots[c];
            double explained = 0;
            double weighted = 0;
            for (int i = 0; i < k; i++)
            {
                double p = projected[i] - _projectedMeans[(c * k) + i];
                explained += p * p;
                weighted += p * p * _inverseVariances[i];
            }

            best = Math.Min(best, weighted + (Math.Max(0, squared - explained) * _inverseResidual));
        }

        return best;
    }

    internal static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }
}

/// <summary>Source-generated JSON metadata for the artifact.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(OutOfDistributionArtifact))]
internal sealed partial class OutOfDistributionJsonContext : JsonSerializerContext;
