using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkinLesion.Audit;
using SkinLesion.Web.Api;

namespace SkinLesion.Web.Tests.Audit;

/// <summary>Reading the audit trail back in tests: from the host's store as its API shows a record, and straight from the SQLite file.</summary>
internal static class AuditRecords
{
    public const string AssessmentsPath = "/api/v1/assessments/";

    /// <summary>
    /// A record as GET /api/v1/assessments/{requestId} would show it to its client, read from the host's store: these
    /// tests' requests carry no credential, and such a caller reads no record over HTTP (AuditAccessTests reads one).
    /// </summary>
    public static async Task<JsonElement> FetchAsync(WebApplicationFactory<Program> factory, string requestId)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var record = await factory.Services.GetRequiredService<IAuditStore>().FindAsync(requestId);
        Assert.True(record is not null, $"no audit record has request id {requestId}");
        var json = factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return JsonSerializer.SerializeToElement(AssessmentRecordResponse.From(record), json);
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The record of an assessed image says what the answer said, about the bytes that were sent.</summary>
    public static void AssertMatchesAnswer(JsonElement answer, JsonElement record, byte[] upload, string channel)
    {
        Assert.Equal(answer.GetProperty("requestId").GetString(), record.GetProperty("requestId").GetString());
        Assert.Equal(channel, record.GetProperty("channel").GetString());
        Assert.Equal("anonymous", record.GetProperty("client").GetString());
        Assert.Equal("anonymous", record.GetProperty("clientKind").GetString());
        Assert.Equal(answer.GetProperty("status").GetString(), record.GetProperty("status").GetString());
        Assert.Equal(200, record.GetProperty("httpStatus").GetInt32());
        var image = record.GetProperty("image");
        Assert.Equal(Sha256(upload), image.GetProperty("sha256").GetString());
        Assert.Equal(upload.Length, image.GetProperty("bytes").GetInt64());
        foreach (var field in new[] { "format", "width", "height" })
        {
            Assert.Equal(answer.GetProperty("image").GetProperty(field).GetRawText(), image.GetProperty(field).GetRawText());
        }

        Assert.Equal(answer.GetProperty("model").GetRawText(), record.GetProperty("model").GetRawText());
        var operatingPoint = answer.GetProperty("operatingPoint");
        var recorded = record.GetProperty("operatingPoint");
        foreach (var field in new[] { "kind", "name", "version" })
        {
            Assert.Equal(operatingPoint.GetProperty(field).GetString(), recorded.GetProperty(field).GetString());
        }

        Assert.Equal(answer.GetProperty("timings").GetRawText(), record.GetProperty("timings").GetRawText());
        if (answer.TryGetProperty("probabilities", out var probabilities))
        {
            Assert.Equal(probabilities.GetRawText(), record.GetProperty("probabilities").GetRawText());
            Assert.Equal(answer.GetProperty("verdict").GetRawText(), record.GetProperty("verdict").GetRawText());
            Assert.Equal(answer.GetProperty("prediction").GetProperty("code").GetString(), record.GetProperty("topClass").GetString());
        }
    }

    /// <summary>The SQLite file the in-memory app appends to.</summary>
    public static string SqliteFile(WebApplicationFactory<Program> factory) =>
        Assert.IsType<SqliteAuditStore>(factory.Services.GetRequiredService<IAuditStore>()).FilePath;

    public static async Task<long> CountRowsAsync(string sqliteFile)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqliteFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM assessments";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A connection holding the file's write lock, as another program's long transaction would.</summary>
    public static async Task<SqliteConnection> LockAsync(string sqliteFile)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqliteFile, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN EXCLUSIVE";
        await command.ExecuteNonQueryAsync();
        return connection;
    }
}
