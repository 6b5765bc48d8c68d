using Microsoft.Extensions.Configuration;
using SkinLesion.Cli.Calibration;
using SkinLesion.Cli.Commands;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Cli.Tests;

/// <summary>
/// What calibrate checks before it scores (where the profile goes, the labels, the service's image settings) and what it
/// tells the site about the images it could not use.
/// </summary>
public sealed class CalibrateInputTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    private string ProfilePath => Path.Combine(_scratch.Path, "profile.json");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Calibrate_OutInAFolderThatCannotBeMade_RefusedBeforeScoring()
    {
        // Arrange: the profile's folder would sit under a file (as root, a read-only folder would not stop the test's user).
        var (images, labels) = CalibrationSet.Write(_scratch.Path, malignant: 30, benign: 2);
        string file = Path.Combine(_scratch.Path, "a-file");
        await File.WriteAllTextAsync(file, "");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        // Act
        int exitCode = await Calibrate(stdout, stderr, ServiceEnvironment.None, "--images", images, "--labels", labels, "--out", Path.Combine(file, "profile.json"));

        // Assert: nothing was scored, and the message says where to write in the container image.
        Assert.Equal(1, exitCode);
        Assert.Contains("cannot be written", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("nothing was scored", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("a scratch volume of a pod of its own", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public async Task Calibrate_OutIsTheServedManifest_Exits2AndTheManifestIsUntouched()
    {
        // Arrange: the service serves a copy of the shipped model; --out names that copy's manifest.
        var (images, labels) = CalibrationSet.Write(_scratch.Path, malignant: 30, benign: 2);
        using var model = new ModelCopy("skinlesion-calibrate-model-files-");

        string manifest = model.ManifestPath;
        byte[] before = File.ReadAllBytes(manifest);
        var stderr = new StringWriter();

        // Act
        int exitCode = await Calibrate(TextWriter.Null, stderr, ServiceEnvironment.With((CalibrateArguments.ServedModelVariable, manifest)),
            "--images", images, "--labels", labels, "--out", manifest);

        // Assert
        Assert.Equal(2, exitCode);
        Assert.Contains($"--out would write '{manifest}', which is the manifest of model {ShippedModel.NameAndVersion}", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(manifest));
    }

    [Fact]
    public async Task Calibrate_RefusedWithOutInFoldersStillToBeMade_LeavesNoFolderBehind()
    {
        // Arrange
        var images = Directory.CreateDirectory(Path.Combine(_scratch.Path, "images")).FullName;
        var labels = CalibrationSet.WriteLabels(_scratch.Path, malignant: 31, benign: 0);

        // Act
        int exitCode = await Calibrate(TextWriter.Null, TextWriter.Null, ServiceEnvironment.None, "--images", images, "--labels", labels, "--out", Path.Combine(_scratch.Path, "profiles", "site-a", "profile.json"));

        // Assert
        Assert.Equal(1, exitCode);
        Assert.False(Directory.Exists(Path.Combine(_scratch.Path, "profiles")), "the profile's folder was left behind");
    }

    [Fact]
    public async Task Calibrate_EveryLabelMalignant_RefusedBeforeScoring()
    {
        // Arrange: no image is needed; the labels alone cannot give a specificity.
        var images = Directory.CreateDirectory(Path.Combine(_scratch.Path, "images")).FullName;
        var labels = CalibrationSet.WriteLabels(_scratch.Path, malignant: 31, benign: 0);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        // Act
        int exitCode = await Calibrate(stdout, stderr, ServiceEnvironment.None, "--images", images, "--labels", labels, "--out", ProfilePath);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("Every one of the 31 labelled images is malignant", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("model ", stdout.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(ProfilePath));
    }

    [Fact]
    public async Task Calibrate_ServiceImageSettingInvalid_RefusedNamingTheVariable()
    {
        // Arrange
        var (images, labels) = CalibrationSet.Write(_scratch.Path, malignant: 30, benign: 2);
        var stderr = new StringWriter();

        // Act
        int exitCode = await Calibrate(TextWriter.Null, stderr, ServiceEnvironment.With(("SkinLesion__Images__JpegDecoder", "libjpeg")),
            "--images", images, "--labels", labels, "--out", ProfilePath);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Contains("'libjpeg' at 'SkinLesion:Images:JpegDecoder'", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("The service would not start with it either", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(ProfilePath));
    }

    [Fact]
    public void ServedImageOptions_ReadTheServicesVariables_CaseAsTheServiceBindsThem()
    {
        // Arrange: names and values in any case, as the service's configuration takes them.
        var variables = ServiceEnvironment.With(
            ("SkinLesion__Images__JpegDecoder", "imagesharp"),
            ("SkinLesion__Images__ReducedJpegDecoding", "False"),
            ("SKINLESION__IMAGES__MINSIDE", "32"),
            ("skinlesion__images__maxpixels", "1000000"));

        // Act
        var (options, from) = ServedImageOptions.Read(variables);
        var (defaults, defaultsFrom) = ServedImageOptions.Read(ServiceEnvironment.None);

        // Assert
        Assert.Equal((JpegDecoderChoice.ImageSharp, false, 32, 1_000_000L), (options.JpegDecoder, options.ReducedJpegDecoding, options.MinSide, options.MaxPixels));
        Assert.Contains("SkinLesion__Images__ReducedJpegDecoding=False", from, StringComparison.Ordinal);
        Assert.Equal((JpegDecoderChoice.Auto, true), (defaults.JpegDecoder, defaults.ReducedJpegDecoding));
        Assert.Contains("defaults", defaultsFrom, StringComparison.Ordinal);
        var outOfRange = Assert.Throws<CalibrationRefusedException>(() => ServedImageOptions.Read(ServiceEnvironment.With(("SkinLesion__Images__MinSide", "0"))));
        Assert.Contains("MinSide", outOfRange.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("7", "JpegDecoder must be Auto, LibJpegTurbo or ImageSharp.")]
    [InlineData("fast", "'fast' at 'SkinLesion:Images:JpegDecoder'")]
    public void ServedImageOptions_JpegDecoderNotADecoder_Refused(string value, string refusal)
    {
        // Arrange
        var settings = ServiceEnvironment.With(("SkinLesion__Images__JpegDecoder", value));

        // Act
        var refused = Assert.Throws<CalibrationRefusedException>(() => ServedImageOptions.Read(settings));

        // Assert
        Assert.Contains(refusal, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ServedImageOptions_JpegDecoderADefinedNumber_ReadAsThatDecoder()
    {
        // Arrange: the binder takes a number as well as a name, as the service's does; 1 is LibJpegTurbo.
        var settings = ServiceEnvironment.With(("SkinLesion__Images__JpegDecoder", "1"));

        // Act
        var (options, _) = ServedImageOptions.Read(settings);

        // Assert
        Assert.Equal(JpegDecoderChoice.LibJpegTurbo, options.JpegDecoder);
    }

    [Fact]
    public async Task Calibrate_ImagesMissingDuplicatedAndUnlabelled_ListsEachAndCountsTheRest()
    {
        // Arrange: 30 melanomas and 3 nevi labelled; one nevus missing, one melanoma there twice (a .png and a .jpg),
        // and one image under a name the label file does not have.
        var (images, labels) = CalibrationSet.Write(_scratch.Path, malignant: 30, benign: 3);
        File.Delete(Path.Combine(images, "b02.png"));
        File.Copy(Path.Combine(images, "m05.png"), Path.Combine(images, "m05.jpg"));
        File.Copy(Path.Combine(images, "m06.png"), Path.Combine(images, "m6.png"));
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        // Act
        int exitCode = await Calibrate(stdout, stderr, ServiceEnvironment.With(("SkinLesion__Images__ReducedJpegDecoding", "false")),
            "--images", images, "--labels", labels, "--out", ProfilePath, "--bootstrap", "10", "--parallelism", "2");

        // Assert: the profile is written; the warnings name the missing and the unlabelled image and count the duplicate.
        Assert.Equal(0, exitCode);
        Assert.True(File.Exists(ProfilePath));
        var warnings = stderr.ToString();
        Assert.Contains("warning: 1 labelled image(s) could not be scored and count nowhere:", warnings, StringComparison.Ordinal);
        Assert.Contains("  b02: NotFound: No file with this image id", warnings, StringComparison.Ordinal);
        Assert.Contains("warning: 1 file(s) have the image id (file name without extension) of another file under --images", warnings, StringComparison.Ordinal);
        Assert.Contains("warning: 1 image(s) under --images have no row in the label file, so they were not scored (e.g. m6).", warnings, StringComparison.Ordinal);
        Assert.Contains("image settings: SkinLesion__Images__ReducedJpegDecoding=false", stdout.ToString(), StringComparison.Ordinal);
    }

    private static Task<int> Calibrate(TextWriter stdout, TextWriter stderr, IConfiguration environment, params string[] args) =>
        new CalibrateCommand(stdout, stderr, interactive: false, TimeProvider.System, environment).RunAsync(args, CancellationToken.None);
}
