using System.Net;
using System.Text.Json;
using SkinLesion.Tests.Shared;
using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Tests.Clinical;

/// <summary>Classification requests with clinical fields, and what the service is expected to say about them.</summary>
internal static class ClinicalRequests
{
    /// <summary>What <c>clinical.reason</c> says for the shipped model, from its manifest's gain.</summary>
    public static string Reason => $"{NotUsedStatement}; see /model.";

    /// <summary>The statement the page shows: the model version does not use the fields, and the figures why.</summary>
    public static string NotUsedStatement =>
        $"Model {ShippedModel.Version} does not use clinical data: on validation, adding it did not improve the assessment enough to be used ({ShippedModel.ClinicalGainText})";

    /// <summary>The shipped manifest's body sites as the API lists them ("abdomen, acral, ...").</summary>
    public static string SitesText => string.Join(", ", ShippedModel.Manifest.GetProperty("clinical").GetProperty("fields").GetProperty("site").EnumerateArray().Select(site => site.GetString()));

    /// <summary>The image in field "image", then each field as a form field.</summary>
    public static MultipartFormDataContent Multipart(byte[] image, params (string Name, string Value)[] fields)
    {
        var content = Http.Multipart(image, "lesion.jpg", "image/jpeg");
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        return content;
    }

    /// <summary>POST /api/v1/classifications with the fields as query parameters.</summary>
    public static string Path(params (string Name, string Value)[] fields) =>
        fields.Length == 0
            ? Http.ClassificationsPath
            : Http.ClassificationsPath + "?" + string.Join("&", fields.Select(field => $"{Uri.EscapeDataString(field.Name)}={Uri.EscapeDataString(field.Value)}"));

    /// <summary>
    /// Asserts a 400 invalid-clinical-data problem whose detail and <c>errors[field]</c> both carry
    /// <paramref name="message"/>, and whose detail names the field; returns the problem.
    /// </summary>
    public static async Task<JsonElement> AssertRefusedAsync(HttpResponseMessage response, string field, string message)
    {
        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidClinicalData, message);
        Assert.Equal("The clinical data is invalid", problem.GetProperty("title").GetString());
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors has no '{field}': {problem}");
        Assert.Contains(messages.EnumerateArray(), entry => entry.GetString()!.Contains(message, StringComparison.Ordinal));
        Assert.All(messages.EnumerateArray(), entry => Assert.StartsWith(field + " ", entry.GetString(), StringComparison.Ordinal));
        Assert.Contains(field + " ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("The image was not classified", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return problem;
    }

    /// <summary>The figures of an answer that do not depend on time: equal with and without clinical fields.</summary>
    public static void AssertSameAssessment(JsonElement imageOnly, JsonElement withFields)
    {
        foreach (var property in new[] { "status", "model", "prediction", "verdict", "probabilities", "image", "screening" })
        {
            Assert.Equal(imageOnly.GetProperty(property).GetRawText(), withFields.GetProperty(property).GetRawText());
        }
    }
}
