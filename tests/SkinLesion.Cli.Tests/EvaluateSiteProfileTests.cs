using SkinLesion.Cli.Commands;
using SkinLesion.Inference;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Cli.Tests;

/// <summary>evaluate --site-profile refuses what the service would refuse at startup, before any image is scored.</summary>
public sealed class EvaluateSiteProfileTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Evaluate_ProfileForAnotherModel_FailsWithExitCodeOneNamingBothModels()
    {
        // Arrange
        var (images, labels) = WriteOneImage();
        var profile = SiteProfiles.Write(SiteProfiles.Make(model: new ModelIdentity("skin-lesion-other", "0.1.0", new string('c', 64))), _scratch.Path);
        var stderr = new StringWriter();
        var output = Path.Combine(_scratch.Path, "out");

        // Act
        int exitCode = await new EvaluateCommand(TextWriter.Null, stderr, interactive: false, TimeProvider.System)
            .RunAsync(["--images", images, "--labels", labels, "--out", output, "--site-profile", profile], CancellationToken.None);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains($"Cannot use the site profile '{profile}': it was made for model skin-lesion-other 0.1.0 (sha256 {new string('c', 64)}), but the model loaded is {ShippedModel.Name} {ShippedModel.Version}", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Evaluate_ProfileOfAnotherSchemaVersion_FailsWithExitCodeOne()
    {
        // Arrange
        var (images, labels) = WriteOneImage();
        var profile = SiteProfiles.Write(SiteProfiles.Make() with { SchemaVersion = 3 }, _scratch.Path);
        var stderr = new StringWriter();

        // Act
        int exitCode = await new EvaluateCommand(TextWriter.Null, stderr, interactive: false, TimeProvider.System)
            .RunAsync(["--images", images, "--labels", labels, "--out", Path.Combine(_scratch.Path, "out"), "--site-profile", profile], CancellationToken.None);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("schemaVersion is 3; this service understands schemaVersion 1 to 2", stderr.ToString(), StringComparison.Ordinal);
    }

    private (string Images, string Labels) WriteOneImage()
    {
        var images = Directory.CreateDirectory(Path.Combine(_scratch.Path, "images")).FullName;
        File.WriteAllBytes(Path.Combine(images, "a.png"), GeneratedImages.Lesion(200, 150, seed: 1, png: true));
        var labels = Path.Combine(_scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\na,mel\n");
        return (images, labels);
    }
}
