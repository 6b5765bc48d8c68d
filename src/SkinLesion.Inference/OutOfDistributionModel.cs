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
/// skin lesion. Float arrays are base64 of little-endian float32.
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

    public string? Method { get; init; }
    public JsonElement? Fit { get; init; }
    public JsonElement? Validation { get; init; }
    public IReadOnlyList<OutOfDistributionReference> Reference { get; init; } = [];
}

/// <summary>A HAM10000 validation image with the score and texture numpy computed, for the parity test.</summary>
public sealed record OutOfDistributionReference(string ImageId, double Score, double Texture);

/// <summary>
/// Scores an embedding by its squared Mahalanobis distance to the nearest class mean, after removing its
/// components along the nuisance directions n_j (x' = x - sum_j (n_j·x) n_j):
/// min over classes of sum_i (b_i·d)^2 / v_i + (|d|^2 - sum_i (b_i·d)^2) / r, with d = x' - mean_c.
/// Larger means further from anything the model was trained on; above <see cref="Threshold"/> is refused.
/// Immutable after loading and safe for concurrent use.
/// </summary>
public sealed class OutOfDistributionModel
{
    // 2 added the nuisance projection; a schema-1 reader would score a schema-2 artifact wrongly, hence the bump.
    // Schema 1 (no projection) still loads, so a refit can compute embeddings with the artifact it replaces.
    internal const int SupportedSchemaVersion = 2;

    private readonly float[] _nuisance;       // [nuisanceComponents, dimension]
    private readonly float[] _basis;          // [components, dimension]
    private readonly double[] _inverseVariances;
    private readonly double[] _projectedMeans; // [classes, components]
    private readonly double[] _meanDots;       // [classes]: |mean_c|^2
    private readonly float[] _means;           // [classes, dimension]
    private readonly double _inverseResidual;
    private readonly int _classes;

    private OutOfDistributionModel(OutOfDistributionArtifact artifact, float[] means, float[] basis, float[] variances, float[] nuisance)
    {
        Artifact = artifact;
        _nuisance = nuisance;
        _means = means;
        _basis = basis;
        _classes = artifact.Labels.Count;
        int d = artifact.Dimension;
        int k = artifact.Components;
        _inverseVariances = [.. variances.Select(v => 1.0 / v)];
        _inverseResidual = 1.0 / artifact.ResidualVariance;
        _projectedMeans = new double[_classes * k];
        _meanDots = new double[_classes];
        for (int c = 0; c < _classes; c++)
        {
            var mean = means.AsSpan(c * d, d);
            _meanDots[c] = Dot(mean, mean);
            for (int i = 0; i < k; i++)
            {
                _projectedMeans[(c * k) + i] = Dot(basis.AsSpan(i * d, d), mean);
            }
        }
    }

    public OutOfDistributionArtifact Artifact { get; }

    public double Threshold => Artifact.Threshold;

    public double TextureMinimum => Artifact.TextureMinimum;

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
            var means = Floats(artifact.ClassMeans, artifact.Labels.Count * artifact.Dimension, "classMeans");
            var basis = Floats(artifact.Basis, artifact.Components * artifact.Dimension, "basis");
            var variances = Floats(artifact.Variances, artifact.Components, "variances");
            var nuisance = artifact.NuisanceComponents == 0
                ? []
                : Floats(artifact.NuisanceBasis ?? "", artifact.NuisanceComponents * artifact.Dimension, "nuisanceBasis");
            if (variances.Any(v => !float.IsFinite(v) || v <= 0) || means.Any(v => !float.IsFinite(v)) || basis.Any(v => !float.IsFinite(v))
                || nuisance.Any(v => !float.IsFinite(v)))
            {
                throw new FormatException("variances must be positive and every value finite.");
            }

            return new OutOfDistributionModel(artifact, means, basis, variances, nuisance);
        }
        catch (FormatException ex)
        {
            throw new ModelLoadException(path, $"the out-of-distribution artifact's arrays are unusable: {ex.Message}", ex);
        }
    }

    /// <summary>The squared Mahalanobis distance of <paramref name="embedding"/> to the nearest class mean.</summary>
    public double Score(ReadOnlySpan<float> embedding)
    {
        int d = Artifact.Dimension;
        int k = Artifact.Components;
        if (embedding.Length != d)
        {
            throw new ArgumentException($"Expected an embedding of {d} values, got {embedding.Length}.", nameof(embedding));
        }

        if (_nuisance.Length > 0)
        {
            Span<float> kept = d <= 4096 ? stackalloc float[d] : new float[d];
            embedding.CopyTo(kept);
            for (int j = 0; j < Artifact.NuisanceComponents; j++)
            {
                var direction = _nuisance.AsSpan(j * d, d);
                float along = (float)Dot(direction, embedding);
                for (int i = 0; i < d; i++)
                {
                    kept[i] -= along * direction[i];
                }
            }

            return ScoreProjected(kept);
        }

        return ScoreProjected(embedding);
    }

    private double ScoreProjected(ReadOnlySpan<float> embedding)
    {
        int d = Artifact.Dimension;
        int k = Artifact.Components;
        Span<double> projected = k <= 512 ? stackalloc double[k] : new double[k];
        for (int i = 0; i < k; i++)
        {
            projected[i] = Dot(_basis.AsSpan(i * d, d), embedding);
        }

        double self = Dot(embedding, embedding);
        double best = double.PositiveInfinity;
        for (int c = 0; c < _classes; c++)
        {
            double squared = self - (2 * Dot(_means.AsSpan(c * d, d), embedding)) + _meanDots[c];
            double explained = 0;
            double weighted = 0;
            for (int i = 0; i < k; i++)
            {
                double p = projected[i] - _projectedMeans[(c * k) + i];
                explained += p * p;
                weighted += p * p * _inverseVariances[i];
            }

            double score = weighted + (Math.Max(0, squared - explained) * _inverseResidual);
            best = Math.Min(best, score);
        }

        return best;
    }

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

        if (artifact.Dimension <= 0 || artifact.Components <= 0 || artifact.Components > artifact.Dimension)
        {
            return $"dimension {artifact.Dimension} and components {artifact.Components} must satisfy 0 < components <= dimension.";
        }

        if (artifact.NuisanceComponents < 0 || artifact.NuisanceComponents >= artifact.Dimension
            || (artifact.NuisanceComponents > 0 && string.IsNullOrEmpty(artifact.NuisanceBasis)))
        {
            return $"nuisanceComponents {artifact.NuisanceComponents} must be 0 or less than the dimension {artifact.Dimension}, with a nuisanceBasis when above 0.";
        }

        if (!(artifact.ResidualVariance > 0) || !double.IsFinite(artifact.ResidualVariance) || !(artifact.Threshold > 0) || !double.IsFinite(artifact.Threshold)
            || !(artifact.TextureMinimum >= 0) || !double.IsFinite(artifact.TextureMinimum))
        {
            return "residualVariance and threshold must be positive and textureMinimum non-negative, all finite.";
        }

        return null;
    }

    private static float[] Floats(string base64, int count, string field)
    {
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

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
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
