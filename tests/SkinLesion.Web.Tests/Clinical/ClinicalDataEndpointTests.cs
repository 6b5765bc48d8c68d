using System.Net;
using System.Text.Json;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Problems;
using SkinLesion.Web.Tests.Audit;

namespace SkinLesion.Web.Tests.Clinical;

/// <summary>
/// Age, sex and body site beside the image on POST /api/v1/classifications: accepted as form fields or query parameters
/// with the manifest's values, reported as received and not used, and refused field by field before the image is judged.
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class ClinicalDataEndpointTests(ApiFactory factory)
{
    private static readonly byte[] Lesion = AssessmentImages.DermoscopyLikeJpeg(200, 150);

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Post_AllThreeFieldsAsFormFields_Returns200WithClinicalReceivedNoneUsedAndTheImageOnlyProbabilities()
    {
        // Arrange
        using var imageOnly = await _client.PostAsync(Http.ClassificationsPath, ClinicalRequests.Multipart(Lesion));
        var expected = await Http.AssertClassificationAsync(imageOnly);

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, ClinicalRequests.Multipart(Lesion, ("age", "63"), ("sex", "female"), ("site", "back")));
        var result = await Http.AssertClassificationAsync(response);

        // Assert
        ClinicalRequests.AssertSameAssessment(expected, result);
        var clinical = result.GetProperty("clinical");
        Assert.Equal(["age", "sex", "site"], clinical.GetProperty("received").EnumerateArray().Select(field => field.GetString()));
        Assert.Empty(clinical.GetProperty("used").EnumerateArray());
        Assert.Equal(ClinicalRequests.Reason, clinical.GetProperty("reason").GetString());
        Assert.DoesNotContain("63", clinical.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("female", clinical.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FieldsAsQueryParametersWithARawBody_Returns200WithTheFieldsReceived()
    {
        // Arrange
        using var imageOnly = await _client.PostAsync(Http.ClassificationsPath, Http.Raw(Lesion, "image/jpeg"));
        var expected = await Http.AssertClassificationAsync(imageOnly);

        // Act
        using var response = await _client.PostAsync(ClinicalRequests.Path(("site", "lower-extremity"), ("age", "70")), Http.Raw(Lesion, "image/jpeg"));
        var result = await Http.AssertClassificationAsync(response);

        // Assert: listed in the service's order, whatever the request's.
        ClinicalRequests.AssertSameAssessment(expected, result);
        Assert.Equal(["age", "site"], result.GetProperty("clinical").GetProperty("received").EnumerateArray().Select(field => field.GetString()));
    }

    [Fact]
    public async Task Post_FieldsBeforeTheImageInTheForm_AreRead()
    {
        // Arrange
        using var content = new MultipartFormDataContent { { new StringContent("male"), "sex" } };
        foreach (var part in Http.Multipart(Lesion, "lesion.jpg", "image/jpeg"))
        {
            content.Add(part);
        }

        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, content);
        var result = await Http.AssertClassificationAsync(response);

        // Assert
        Assert.Equal(["sex"], result.GetProperty("clinical").GetProperty("received").EnumerateArray().Select(field => field.GetString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?age=&sex=&site=")]
    [InlineData("?age=%20")]
    public async Task Post_NoFieldOrOnlyEmptyOnes_Returns200WithoutClinical(string query)
    {
        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath + query, ClinicalRequests.Multipart(Lesion, ("site", "")));
        var result = await Http.AssertClassificationAsync(response);

        // Assert: the answer is exactly as without the fields: no new property.
        Assert.False(result.TryGetProperty("clinical", out _), $"an answer without clinical fields has 'clinical': {result}");
    }

    [Fact]
    public async Task Post_ValuesInAnotherCaseWithSpaces_AreAccepted()
    {
        // Act
        using var response = await _client.PostAsync(ClinicalRequests.Path(("Sex", " FEMALE ")), ClinicalRequests.Multipart(Lesion, ("site", "Lower-Extremity"), ("age", " 45 ")));
        var result = await Http.AssertClassificationAsync(response);

        // Assert
        Assert.Equal(["age", "sex", "site"], result.GetProperty("clinical").GetProperty("received").EnumerateArray().Select(field => field.GetString()));
    }

    public static TheoryData<string, string, string, string> InvalidValues => new()
    {
        { "age", "abc", "age must be a whole number of years from 0 to 120; 'abc' is not a number.", "query" },
        { "age", "abc", "age must be a whole number of years from 0 to 120; 'abc' is not a number.", "form" },
        { "age", "-1", "age must be a whole number of years from 0 to 120; '-1' is below 0.", "query" },
        { "age", "-1", "age must be a whole number of years from 0 to 120; '-1' is below 0.", "form" },
        { "age", "121", "age must be a whole number of years from 0 to 120; '121' is above 120.", "query" },
        { "age", "121", "age must be a whole number of years from 0 to 120; '121' is above 120.", "form" },
        { "age", "99999999999999999999999", "'99999999999999999999999' is above 120.", "form" },
        { "age", "42.5", "age must be a whole number of years from 0 to 120; '42.5' has a fraction: give completed years.", "query" },
        { "age", "42,5", "'42,5' has a fraction: give completed years.", "form" },
        { "age", "1e2", "'1e2' is not a number.", "form" },
        { "sex", "other", "sex must be one of female, male (letter case does not matter); 'other' is not one of them.", "query" },
        { "sex", "f", "sex must be one of female, male (letter case does not matter); 'f' is not one of them.", "form" },
        { "site", "knee", "site must be one of {sites} (letter case does not matter); 'knee' is not one of them.", "query" },
        { "site", "lower extremity", "site must be one of {sites} (letter case does not matter); 'lower extremity' is not one of them.", "form" },
        { "site", new string('x', 2000), "'" + new string('x', 40) + "…' is not one of them.", "form" },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public async Task Post_InvalidClinicalValue_Returns400ProblemNamingTheFieldAndWhatIsAccepted(string field, string value, string message, string place)
    {
        // Arrange
        message = message.Replace("{sites}", ClinicalRequests.SitesText, StringComparison.Ordinal);
        using var content = place == "form" ? ClinicalRequests.Multipart(Lesion, (field, value)) : ClinicalRequests.Multipart(Lesion);
        string path = place == "query" ? ClinicalRequests.Path((field, value)) : Http.ClassificationsPath;

        // Act
        using var response = await _client.PostAsync(path, content);

        // Assert
        var problem = await ClinicalRequests.AssertRefusedAsync(response, field, message);
        Assert.Single(problem.GetProperty("errors").EnumerateObject());
    }

    [Fact]
    public async Task Post_SameFieldInQueryAndFormWithDifferentValues_Returns400NamingTheField()
    {
        // Act
        using var response = await _client.PostAsync(ClinicalRequests.Path(("age", "40")), ClinicalRequests.Multipart(Lesion, ("age", "41")));

        // Assert
        await ClinicalRequests.AssertRefusedAsync(response, "age", "age was given more than once with different values ('40' in the query, '41' in the form); give it once.");
    }

    [Fact]
    public async Task Post_SameFieldTwiceInTheFormWithDifferentValues_Returns400NamingTheField()
    {
        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, ClinicalRequests.Multipart(Lesion, ("site", "back"), ("site", "chest")));

        // Assert
        await ClinicalRequests.AssertRefusedAsync(response, "site", "site was given more than once with different values ('back' in the form, 'chest' in the form); give it once.");
    }

    [Fact]
    public async Task Post_SameValueInQueryAndFormInAnotherCase_IsOneValueAndAccepted()
    {
        // Act
        using var response = await _client.PostAsync(ClinicalRequests.Path(("sex", "male"), ("age", "7")), ClinicalRequests.Multipart(Lesion, ("sex", "Male"), ("age", "07")));
        var result = await Http.AssertClassificationAsync(response);

        // Assert
        Assert.Equal(["age", "sex"], result.GetProperty("clinical").GetProperty("received").EnumerateArray().Select(field => field.GetString()));
    }

    [Fact]
    public async Task Post_SeveralInvalidFields_ErrorsAndDetailNameEachField()
    {
        // Act
        using var response = await _client.PostAsync(ClinicalRequests.Path(("age", "200")), ClinicalRequests.Multipart(Lesion, ("sex", "x"), ("site", "back")));

        // Assert
        var problem = await ClinicalRequests.AssertRefusedAsync(response, "age", "'200' is above 120.");
        Assert.Equal(["age", "sex"], problem.GetProperty("errors").EnumerateObject().Select(error => error.Name));
        Assert.Contains("sex must be one of female, male", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_InvalidFieldWithAnImageThatWouldBeRefused_IsRefusedForTheFieldBeforeTheImageIsJudged()
    {
        // Act: a .docx would be 415, but the field is checked first.
        using var response = await _client.PostAsync(ClinicalRequests.Path(("sex", "unknown")), Http.Multipart(TestImages.WithPadding(TestImages.DocxPrefix), "letter.jpg", "image/jpeg"));

        // Assert
        await ClinicalRequests.AssertRefusedAsync(response, "sex", "'unknown' is not one of them.");
    }

    [Fact]
    public async Task Post_InvalidFieldWithoutAnImage_IsRefusedForTheMissingImage()
    {
        // Act: the upload itself is read first; without an image there is nothing to send again with the field.
        using var response = await _client.PostAsync(ClinicalRequests.Path(("age", "abc")), new MultipartFormDataContent { { new StringContent("abc"), "age" } });

        // Assert
        await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.MissingImage, "only the field(s) 'age'");
    }

    [Fact]
    public async Task Post_InvalidField_IsRecordedAsARefusalOfThatTypeWithTheUploadsFingerprintAndNoResult()
    {
        // Act
        using var response = await _client.PostAsync(Http.ClassificationsPath, ClinicalRequests.Multipart(Lesion, ("age", "130")));
        var problem = await ClinicalRequests.AssertRefusedAsync(response, "age", "is above 120");
        var record = await AuditRecords.FetchAsync(factory, problem.GetProperty("requestId").GetString()!);

        // Assert: refused before classification, so no timings and no figures; the value is not in the record.
        Assert.Equal("refused", record.GetProperty("status").GetString());
        Assert.Equal(400, record.GetProperty("httpStatus").GetInt32());
        Assert.Equal(ProblemTypes.InvalidClinicalData, record.GetProperty("problemType").GetString());
        Assert.Equal(AuditRecords.Sha256(Lesion), record.GetProperty("image").GetProperty("sha256").GetString());
        Assert.False(record.TryGetProperty("timings", out _));
        Assert.False(record.TryGetProperty("probabilities", out _));
        Assert.DoesNotContain(record.EnumerateObject(), property => property.Name is "clinical" or "age");
    }

    [Fact]
    public async Task GetSwagger_DocumentsTheFieldsAsQueryAndFormWithTheManifestsValuesAndTheClinicalObject()
    {
        // Act
        using var response = await _client.GetAsync("/swagger/v1/swagger.json");
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        // Assert
        var operation = document.GetProperty("paths").GetProperty(Http.ClassificationsPath).GetProperty("post");
        var parameters = operation.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        var form = operation.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties");
        var sites = ShippedModel.Manifest.GetProperty("clinical").GetProperty("fields").GetProperty("site").EnumerateArray().Select(site => site.GetString()).ToList();
        foreach (var schema in new[] { parameters["site"].GetProperty("schema"), form.GetProperty("site") })
        {
            Assert.Equal(sites, schema.GetProperty("enum").EnumerateArray().Select(site => site.GetString()));
        }

        Assert.Equal(["female", "male"], parameters["sex"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(sex => sex.GetString()));
        Assert.Equal("query", parameters["age"].GetProperty("in").GetString());
        Assert.False(parameters["age"].TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.Contains("Also accepted as a multipart form field", parameters["sex"].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("Also accepted as a query parameter", form.GetProperty("sex").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(120, parameters["age"].GetProperty("schema").GetProperty("maximum").GetInt32());
        Assert.Equal("integer", form.GetProperty("age").GetProperty("type").GetString());
        Assert.Contains(ClinicalRequests.Reason, parameters["age"].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("invalid-clinical-data", operation.GetProperty("description").GetString(), StringComparison.Ordinal);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("ClassificationResponse").GetProperty("properties").TryGetProperty("clinical", out _));
        Assert.Equal(["received", "used", "reason"], schemas.GetProperty("ClinicalInfo").GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task GetModel_CarriesTheManifestsClinicalSection()
    {
        // Act
        using var response = await _client.GetAsync("/api/v1/model");
        var card = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        // Assert
        var clinical = card.GetProperty("clinical");
        var manifest = ShippedModel.Manifest.GetProperty("clinical");
        Assert.Equal(
            manifest.GetProperty("fields").GetProperty("site").EnumerateArray().Select(site => site.GetString()),
            clinical.GetProperty("fields").GetProperty("site").EnumerateArray().Select(site => site.GetString()));
        Assert.Equal(120, clinical.GetProperty("fields").GetProperty("age").GetProperty("maximum").GetInt32());
        Assert.False(clinical.GetProperty("decision").GetProperty("ships").GetBoolean());
        Assert.Equal(JsonValueKind.Null, clinical.GetProperty("fusion").ValueKind);
    }
}
