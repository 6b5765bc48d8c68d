using System.Text.Json.Nodes;
using SkinLesion.Inference.Model;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>
/// The manifest's clinical section: read as the training side writes it, and refused at load where the service could
/// not honour it (a fusion graph it cannot run, values it could not match). Only the manifest is read here; the web
/// tests show the same refusals stop the service at startup.
/// </summary>
public sealed class ClinicalManifestTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("skinlesion-clinical-manifest-").FullName;

    public ClinicalManifestTests()
    {
        File.Copy(RepoLayout.ManifestPath, ManifestPath);
    }

    private string ManifestPath => Path.Combine(_directory, "skin-lesion-mobilenetv2.json");

    [Fact]
    public void Read_ShippedManifest_HasTheFieldsAndNoFusion()
    {
        // Act
        var clinical = ManifestValidator.Read(RepoLayout.ManifestPath).Clinical;

        // Assert
        Assert.NotNull(clinical);
        Assert.False(clinical.HasFusion);
        Assert.False(clinical.Decision.Ships);
        Assert.Equal(new ManifestAgeField("years", 0, 120), clinical.Fields.Age);
        Assert.Equal(["female", "male"], clinical.Fields.Sex);
        Assert.Contains("lower-extremity", clinical.Fields.Site!);
        Assert.Equal(14, clinical.Fields.Site!.Count);
        // No fusion ships because the measured gain stays below the rule's +0.01 balanced accuracy.
        Assert.True(clinical.ValidationGain.BalancedAccuracy < 0.01, $"balanced accuracy gain {clinical.ValidationGain.BalancedAccuracy}");
        Assert.Equal("evaluation/clinical/report.json", clinical.Report);
    }

    [Fact]
    public void Read_ManifestWithoutClinicalSection_HasNone()
    {
        // Arrange
        Edit(manifest => manifest.AsObject().Remove("clinical"));

        // Act
        var manifest = ManifestValidator.Read(ManifestPath);

        // Assert
        Assert.Null(manifest.Clinical);
    }

    [Fact]
    public void Read_ManifestWithAFusionGraph_FailsSayingThisServiceCannotRunIt()
    {
        // Arrange
        Edit(manifest => manifest["clinical"]!["fusion"] = new JsonObject { ["file"] = "skin-lesion-clinical-fusion.onnx", ["sha256"] = new string('a', 64) });

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ManifestValidator.Read(ManifestPath));

        // Assert
        Assert.Contains(ManifestPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("clinical.fusion names a clinical-data fusion graph, which this service version cannot run", error.Message, StringComparison.Ordinal);
        Assert.Contains(ClinicalSectionValidator.DecisionRecord, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<JsonNode>, string> BrokenSections => new()
    {
        { "ships without a fusion", m => m["clinical"]!["decision"]!["ships"] = true, "clinical.decision.ships is true but clinical.fusion is null" },
        { "age in months", m => m["clinical"]!["fields"]!["age"]!["unit"] = "months", "clinical.fields.age.unit is 'months'" },
        { "age range upside down", m => m["clinical"]!["fields"]!["age"]!["maximum"] = -1, "clinical.fields.age needs 0 <= minimum <= maximum" },
        { "no sexes", m => m["clinical"]!["fields"]!["sex"] = new JsonArray(), "clinical.fields.sex lists no values" },
        { "site twice", m => m["clinical"]!["fields"]!["site"]!.AsArray().Add("back"), "clinical.fields.site lists 'back' more than once" },
        { "site with a space", m => m["clinical"]!["fields"]!["site"]!.AsArray().Add("lower extremity"), "clinical.fields.site has the value 'lower extremity'" },
        { "site in capitals", m => m["clinical"]!["fields"]!["site"]!.AsArray().Add("Back"), "clinical.fields.site has the value 'Back'" },
        { "report outside the folder", m => m["clinical"]!["report"] = "../secrets.json", "clinical.report '../secrets.json' must be a relative path inside the model folder" },
        { "empty rule", m => m["clinical"]!["decision"]!["rule"] = " ", "clinical.decision.rule is empty" },
        { "no decision", m => m["clinical"]!.AsObject().Remove("decision"), "'decision'" },
    };

    [Theory]
    [MemberData(nameof(BrokenSections))]
    public void Read_ClinicalSectionTheServiceCannotHonour_FailsNamingTheField(string caseName, Action<JsonNode> edit, string expected)
    {
        // Arrange
        Edit(edit);

        // Act
        var error = Assert.Throws<ModelLoadException>(() => ManifestValidator.Read(ManifestPath));

        // Assert
        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{caseName}: {error.Message}");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Edit(Action<JsonNode> edit)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(ManifestPath))!;
        edit(manifest);
        File.WriteAllText(ManifestPath, manifest.ToJsonString());
    }
}
