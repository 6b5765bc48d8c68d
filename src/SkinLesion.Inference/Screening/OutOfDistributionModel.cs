using System.Globalization;
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
/// artifact has one (<see cref="Early"/>). From schema 5 a learned head (<see cref="Head"/>) may score the same
/// projected vectors: below its threshold is refused. Immutable after loading and safe for concurrent use.
/// </summary>
public sealed class OutOfDistributionModel
{
    // 2 added the nuisance projection, 3 the early-stage distance, 4 gave every distance one shape, 5 added the
    // screening head and informational distances; a reader of another schema would score an artifact wrongly (or half
    // of it), hence the bumps. Schemas 4 and 5 are read (5 is 4 plus optional fields, so one shape reads both); any
    // other is refused with what to do (refit or convert), never scored by a reader of another shape.
    internal const int OldestSupportedSchemaVersion = 4;
    internal const int SupportedSchemaVersion = 5;

    private const string EmbeddingSection = "distances.embedding";
    private const string EarlySection = "distances.early";
    private const string HeadSection = "head";

    // Above this a projected vector goes to the heap instead of the stack (the served outputs have 1280 and 384 values).
    private const int StackLimit = 4096;

    private readonly MahalanobisDistance _embedding;
    private readonly MahalanobisDistance? _early;
    private readonly LogisticHead? _head;

    private OutOfDistributionModel(OutOfDistributionArtifact artifact, MahalanobisDistance embedding, MahalanobisDistance? early, LogisticHead? head)
    {
        Artifact = artifact;
        _embedding = embedding;
        _early = early;
        _head = head;
    }

    public OutOfDistributionArtifact Artifact { get; }

    /// <summary>The embedding's distance.</summary>
    public OutOfDistributionDistance Embedding => Artifact.Distances.Embedding;

    /// <summary>The early-stage statistics' distance; null when the artifact has none.</summary>
    public OutOfDistributionDistance? Early => Artifact.Distances.Early;

    /// <summary>The embedding distance's threshold.</summary>
    public double Threshold => Embedding.Threshold;

    public double TextureMinimum => Artifact.TextureMinimum;

    /// <summary>The screening head; null when the artifact has none (schema 4, or schema 5 without one).</summary>
    public ScreeningHead? Head => Artifact.Head;

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
            var head = artifact.Head is { } h ? new LogisticHead(h, embedding.Dimension, early?.Dimension ?? 0) : null;
            return new OutOfDistributionModel(artifact, embedding, early, head);
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

    /// <summary>
    /// The screening head's score (the logit of "dermoscopic") of one image's graph outputs; <paramref name="earlyStatistics"/>
    /// may be empty when the head does not use them.
    /// </summary>
    /// <exception cref="InvalidOperationException">The artifact has no head.</exception>
    public double ScoreHead(ReadOnlySpan<float> embedding, ReadOnlySpan<float> earlyStatistics)
    {
        if (_head is null)
        {
            throw new InvalidOperationException($"This artifact has no screening head ({HeadSection}).");
        }

        return Screen(embedding, earlyStatistics).Head!.Value;
    }

    /// <summary>
    /// Every check of the artifact on one image: each output is projected once, and the projected vectors feed both its
    /// distance and the head. Allocation-free for outputs up to 4096 values. <paramref name="earlyStatistics"/> is
    /// ignored (and may be empty) when the artifact has no early distance.
    /// </summary>
    public OutOfDistributionScores Screen(ReadOnlySpan<float> embedding, ReadOnlySpan<float> earlyStatistics)
    {
        int d = _embedding.Dimension;
        Span<float> projectedEmbedding = d <= StackLimit ? stackalloc float[d] : new float[d];
        _embedding.Project(embedding, projectedEmbedding, "embedding");
        double embeddingScore = _embedding.ScoreProjected(projectedEmbedding);

        double? earlyScore = null;
        int e = _early?.Dimension ?? 0;
        Span<float> projectedEarly = e <= StackLimit ? stackalloc float[e] : new float[e];
        if (_early is not null)
        {
            _early.Project(earlyStatistics, projectedEarly, "early statistics");
            earlyScore = _early.ScoreProjected(projectedEarly);
        }

        double? headScore = _head?.Score(projectedEmbedding, projectedEarly);
        return new OutOfDistributionScores(embeddingScore, earlyScore, headScore);
    }

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

        if (artifact.SchemaVersion < SupportedSchemaVersion && (artifact.Head is not null || embedding.Refuses is not null || artifact.Distances.Early?.Refuses is not null))
        {
            // A schema-4 reader would ignore these fields and refuse (or accept) other images than the artifact means.
            return $"head and a distance's refuses are schema {SupportedSchemaVersion} fields, but schemaVersion is {artifact.SchemaVersion}.";
        }

        return DistanceProblem(EmbeddingSection, embedding, "embedding", manifest.Outputs.Embedding)
            ?? (artifact.Distances.Early is { } early ? DistanceProblem(EarlySection, early, "earlyStatistics", manifest.Outputs.EarlyStatistics) : null)
            ?? (artifact.Head is { } head ? HeadProblem(head, artifact.Distances) : null);
    }

    /// <summary>The head's checks that need no decoding; its arrays are checked when <see cref="LogisticHead"/> decodes them.</summary>
    private static string? HeadProblem(ScreeningHead head, OutOfDistributionDistances distances)
    {
        if (head.Features is not { Count: > 0 } features)
        {
            return $"{HeadSection}.features must list at least one of {string.Join(", ", ScreeningHeadFeatures.All)}.";
        }

        int dimension = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string feature in features)
        {
            if (!ScreeningHeadFeatures.All.Contains(feature, StringComparer.Ordinal))
            {
                return $"{HeadSection}.features has '{feature}'; known features are {string.Join(", ", ScreeningHeadFeatures.All)}.";
            }

            if (!seen.Add(feature))
            {
                return $"{HeadSection}.features lists '{feature}' twice.";
            }

            // A feature is its output after its distance's nuisance projection, so the distance must be there.
            var distance = feature == ScreeningHeadFeatures.Embedding ? distances.Embedding : distances.Early;
            if (distance is null)
            {
                return $"{HeadSection}.features has '{feature}' but the artifact has no {EarlySection} (the feature is projected with its nuisance basis).";
            }

            dimension += distance.Dimension;
        }

        if (head.Dimension != dimension)
        {
            return $"{HeadSection}.dimension {head.Dimension} must equal the sum of its features' dimensions ({dimension}).";
        }

        if (!double.IsFinite(head.Bias) || !double.IsFinite(head.Threshold))
        {
            return $"{HeadSection}.bias and {HeadSection}.threshold must be finite.";
        }

        return head.SiteThresholdFloor is { } floor && !(double.IsFinite(floor) && floor <= head.Threshold)
            ? string.Create(CultureInfo.InvariantCulture, $"{HeadSection}.siteThresholdFloor {floor} must be finite and at most {HeadSection}.threshold {head.Threshold}.")
            : null;
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
            if (SchemaVersionOf(bytes) is { } version and (< OldestSupportedSchemaVersion or > SupportedSchemaVersion))
            {
                throw new ModelLoadException(path, $"schemaVersion is {version}; this service reads schemaVersion {OldestSupportedSchemaVersion} or {SupportedSchemaVersion} only: refit the artifact (training/fit-ood.sh) or convert it to schema {OldestSupportedSchemaVersion} (docs/model-contract.md).");
            }

            artifact = JsonSerializer.Deserialize(bytes, ModelJsonContext.Default.OutOfDistributionArtifact);
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException(path, $"the out-of-distribution artifact is not valid JSON of schema version {OldestSupportedSchemaVersion} or {SupportedSchemaVersion}: {ex.Message}", ex);
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
