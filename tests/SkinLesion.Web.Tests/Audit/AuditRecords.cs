using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SkinLesion.Audit;

namespace SkinLesion.Web.Tests.Audit;

/// <summary>Reading the audit trail back in tests: over HTTP as a client would, and straight from the SQLite file.</summary>
internal static class AuditRecords
{
    public const string AssessmentsPath = "/api/v1/assessments/";

    /// <summary>GET /api/v1/assessments/{requestId}, asserted 200, as JSON.</summary>
    public static async Task<JsonElement> FetchAsync(HttpClient client, string requestId)
    {
        using var response = await client.GetAsync(AssessmentsPath + Uri.EscapeDataString(requestId));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET record {requestId}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
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
