using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using SkinLesion.Inference;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Web.Tests;

/// <summary>The service must refuse to start, with a message naming the file and the mismatch, when its model is wrong.</summary>
public sealed class StartupFailureTests : IDisposable
{
    private readonly ModelCopy _model = new("skinlesion-startup-");

    private string ManifestPath => _model.ManifestPath;

    private string ModelPath => _model.ModelPath;

    [Fact]
    public void Start_ModelFileMissing_FailsNamingTheFile()
    {
        // Arrange
        File.Delete(ModelPath);

        // Act
        var error = StartWithModelAt(ManifestPath);

        // Assert
        Assert.Contains(ModelPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ManifestPathMissing_FailsNamingTheOption()
    {
        var missing = _model.PathOf("missing.json");

        var error = StartWithModelAt(missing);

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("SkinLesion__Model__Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ModelWithOneCorruptByte_FailsWithSha256Mismatch()
    {
        // Arrange
        var bytes = File.ReadAllBytes(ModelPath);
        bytes[bytes.Length / 3] ^= 0x01;
        File.WriteAllBytes(ModelPath, bytes);

        // Act
        var error = StartWithModelAt(ManifestPath);

        // Assert
        Assert.Contains("sha256 mismatch", error.Message, StringComparison.Ordinal);
        Assert.Contains(ModelPath, error.Message, StringComparison.Ordinal);
    }

    [SegmentationFact]
    public void Start_SegmentationGraphWithOneCorruptByte_FailsWithSha256Mismatch()
    {
        // Arrange
        var path = _model.PathOf(ShippedModel.SegmentationFile!);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 3] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        // Act
        var error = StartWithModelAt(ManifestPath);

        // Assert
        Assert.Contains("sha256 mismatch", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ManifestOutputRenamed_FailsNamingTheMissingOutput()
    {
        _model.EditManifest(manifest => manifest["outputs"]!["probabilities"] = "probs");

        var error = StartWithModelAt(ManifestPath);

        Assert.Contains("'probs'", error.Message, StringComparison.Ordinal);
        Assert.Contains(ManifestPath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ManifestWithUnknownDecisionRule_Fails()
    {
        _model.EditManifest(manifest => manifest["decisionRule"]!["type"] = "top-3");

        var error = StartWithModelAt(ManifestPath);

        Assert.Contains("decisionRule.type 'top-3'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ManifestWithAClinicalFusionGraph_FailsSayingThisServiceCannotRunIt()
    {
        // Arrange: a future model whose answer depends on the clinical fields; served without its fusion it would be another model.
        _model.EditManifest(manifest => manifest["clinical"]!["fusion"] = new JsonObject { ["file"] = "skin-lesion-clinical-fusion.onnx", ["inputs"] = new JsonArray("image_probabilities", "age", "sex", "site") });

        // Act
        var error = StartWithModelAt(ManifestPath);

        // Assert
        Assert.Contains(ManifestPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("clinical.fusion names a clinical-data fusion graph, which this service version cannot run", error.Message, StringComparison.Ordinal);
        Assert.Contains("0021-clinical-data-accepted-not-used.md", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_AuditFolderThatCannotBeMade_FailsNamingTheSettingAndWhatToCheck()
    {
        // Arrange: a data directory inside a file, which no user can create (root included, as in CI).
        string file = Path.GetTempFileName();
        try
        {
            using var factory = new ApiFactory().WithWebHostBuilder(builder => builder.UseSetting("SkinLesion:Audit:DataDirectory", Path.Combine(file, "data")));

            // Act
            var error = Http.StartupError(factory);

            // Assert
            Assert.Contains("Check SkinLesion:Audit:DataDirectory: the folder must exist or be creatable, and be writable", Flatten(error), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Start_InvalidOption_FailsValidationOnStart()
    {
        using var factory = new ApiFactory().WithWebHostBuilder(builder => builder.UseSetting("SkinLesion:Images:MinSide", "0"));

        var error = Http.StartupError(factory);

        Assert.Contains("MinSide", Flatten(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SkinLesion:Admission:MaxQueueWaitSeconds", "0", "MaxQueueWaitSeconds")]
    [InlineData("SkinLesion:Admission:MaxQueueLength", "-1", "MaxQueueLength")]
    [InlineData("SkinLesion:Admission:MaxDecodedPixels", "1000000", "MaxDecodedPixels")]
    [InlineData("SkinLesion:RateLimit:TokenLimit", "0", "TokenLimit")]
    [InlineData("SkinLesion:RateLimit:ReplenishmentPeriodSeconds", "0", "ReplenishmentPeriodSeconds")]
    [InlineData("SkinLesion:Clients:MinRequestBodyBytesPerSecond", "0", "MinRequestBodyBytesPerSecond")]
    [InlineData("SkinLesion:Clients:ClassifyTimeoutSeconds", "0", "ClassifyTimeoutSeconds")]
    [InlineData("SkinLesion:Readiness:ClearedQueueFraction", "0.9", "ClearedQueueFraction")]
    [InlineData("SkinLesion:Audit:Provider", "PostgreSql", "needs SkinLesion:Audit:ConnectionString")]
    [InlineData("SkinLesion:Audit:WriteTimeoutSeconds", "0", "WriteTimeoutSeconds")]
    [InlineData("SkinLesion:Images:JpegDecoder", "7", "JpegDecoder must be Auto, LibJpegTurbo or ImageSharp.")]
    [InlineData("SkinLesion:Clients:MinRequestBodyGraceSeconds", "1", "MinRequestBodyGraceSeconds must be more than 1")]
    [InlineData("SkinLesion:Clients:ClassifyTimeoutSeconds", "0.6", "ClassifyTimeoutSeconds")]
    [InlineData("SkinLesion:Readiness:SustainSeconds", "-0.4", "SustainSeconds")]
    [InlineData("SkinLesion:Admission:MaxQueueWaitSeconds", "60", "must be less than SkinLesion:Clients:ClassifyTimeoutSeconds (60)")]
    [InlineData("SkinLesion:Images:MaxPixels", "3000000000", "MaxPixels")] // past int: the int range crashed unnamed
    [InlineData("SkinLesion:Audit:SqliteSynchronus", "Full", "SqliteSynchronus")] // misspelt: was ignored, leaving the default
    [InlineData("SkinLesion:Audits:SqliteSynchronous", "Full", "'SkinLesion:Audits' (e.g. SkinLesion__Audits__SqliteSynchronous) is not a settings section of this service; the sections are Admission, Audit, Auth,")] // misspelt section: was never bound
    public void Start_InvalidSetting_FailsValidationOnStartNamingIt(string key, string value, string named)
    {
        using var factory = new ApiFactory().WithWebHostBuilder(builder => builder.UseSetting(key, value));

        var error = Http.StartupError(factory);

        Assert.Contains(named, Flatten(error), StringComparison.Ordinal);
    }

    public void Dispose() => _model.Dispose();

    private static ModelLoadException StartWithModelAt(string manifestPath)
    {
        using var factory = new ApiFactory().WithWebHostBuilder(builder => builder.UseSetting("SkinLesion:Model:Path", manifestPath));
        var error = Http.StartupError(factory);
        return Find<ModelLoadException>(error) ?? throw new Xunit.Sdk.XunitException($"expected a ModelLoadException, got: {error}");
    }

    internal static T? Find<T>(Exception? error)
        where T : Exception
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is T match)
            {
                return match;
            }

            if (error is AggregateException aggregate && aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(found => found is not null) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    private static string Flatten(Exception error) => error.ToString();
}
