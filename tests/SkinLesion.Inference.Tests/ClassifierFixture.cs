using Microsoft.Extensions.Logging.Abstractions;
using SkinLesion.Inference.Images;
using SkinLesion.Inference.Model;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>One classifier (one ONNX session) for all tests that need the shipped model.</summary>
public sealed class ClassifierFixture : IDisposable
{
    public ClassifierFixture()
    {
        Classifier = Create(RepoLayout.ManifestPath);
    }

    public SkinLesionClassifier Classifier { get; }

    public static SkinLesionClassifier Create(string manifestPath, ImageOptions? limits = null, int intraOpThreads = 1) =>
        new(
            new ModelOptions { Path = manifestPath, IntraOpNumThreads = intraOpThreads },
            limits ?? new ImageOptions(),
            TimeProvider.System,
            NullLogger<SkinLesionClassifier>.Instance);

    public void Dispose() => Classifier.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ShippedModelGroup : ICollectionFixture<ClassifierFixture>
{
    public const string Name = "Shipped model";
}
