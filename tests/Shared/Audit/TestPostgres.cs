using Npgsql;

namespace SkinLesion.Tests.Shared.Audit;

/// <summary>
/// The PostgreSQL server the audit tests run against: SKINLESION_TEST_POSTGRES, a connection string that .ci/run sets
/// after starting a throwaway cluster. Each test gets a schema of its own, dropped with it, so tests run in parallel.
/// </summary>
internal static class TestPostgres
{
    public const string Variable = "SKINLESION_TEST_POSTGRES";

    private static readonly Lazy<string?> Unavailable = new(FindProblem);

    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable) ?? throw new InvalidOperationException($"{Variable} is not set.");

    /// <summary>Null when a server answers; otherwise the one-line reason the PostgreSQL tests skip.</summary>
    public static string? SkipReason => Unavailable.Value;

    /// <summary>A new, empty schema; its connection string puts it first on the search path.</summary>
    public static async Task<TestSchema> CreateSchemaAsync()
    {
        string name = $"audit_test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE SCHEMA {name}");
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = name, Pooling = false };
        return new TestSchema(name, builder.ToString());
    }

    public static async Task ExecuteAsync(string sql, string? connectionString = null)
    {
        await using var connection = new NpgsqlConnection(connectionString ?? new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string? FindProblem()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"{Variable} is not set: no PostgreSQL server to test against (.ci/run starts one and sets it).";
        }

        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, Pooling = false }.ToString());
            connection.Open();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException)
        {
            return $"PostgreSQL from {Variable} cannot be reached: {ex.Message}";
        }
    }

    /// <summary>A schema of one test's own.</summary>
    internal sealed class TestSchema(string name, string connectionString) : IAsyncDisposable
    {
        public string Name { get; } = name;

        public string ConnectionString { get; } = connectionString;

        public async ValueTask DisposeAsync() => await ExecuteAsync($"DROP SCHEMA {Name} CASCADE");
    }
}
