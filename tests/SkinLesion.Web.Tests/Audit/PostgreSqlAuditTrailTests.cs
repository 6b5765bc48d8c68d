using Microsoft.AspNetCore.Hosting;
using Npgsql;
using SkinLesion.Tests.Assessment;
using SkinLesion.Tests.Shared;
using SkinLesion.Tests.Shared.Audit;

namespace SkinLesion.Web.Tests.Audit;

/// <summary>The same acceptance with the store in PostgreSQL (a real server, a schema of the test's own).</summary>
public sealed class PostgreSqlAuditTrailTests
{
    [PostgreSqlFact]
    public async Task Post_WithPostgreSqlStore_RecordMatchesTheAnswerAndOneRowPerAnswer()
    {
        // Arrange
        await using var schema = await TestPostgres.CreateSchemaAsync();
        using var factory = new ApiFactory().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("SkinLesion:Audit:Provider", "PostgreSql");
            builder.UseSetting("SkinLesion:Audit:ConnectionString", schema.ConnectionString);
        });
        using var client = factory.CreateClient();
        var upload = AssessmentImages.DermoscopyLikeJpeg(200, 150);

        // Act
        using var response = await client.PostAsync(Http.ClassificationsPath, Http.Multipart(upload, "lesion.jpg", "image/jpeg"));
        var answer = await Http.AssertClassificationAsync(response);
        using var refused = await client.PostAsync(Http.ClassificationsPath, Http.Raw(TestImages.WithPadding(TestImages.PdfPrefix), "image/jpeg"));
        var record = await AuditRecords.FetchAsync(factory, answer.GetProperty("requestId").GetString()!);
        using var ready = await client.GetAsync("/health/ready");

        // Assert
        AuditRecords.AssertMatchesAnswer(answer, record, upload, "api");
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"store\":\"PostgreSQL\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(schema.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM assessments", connection);
        Assert.Equal(2L, await count.ExecuteScalarAsync());
    }
}
