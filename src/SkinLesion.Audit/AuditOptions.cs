using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SkinLesion.Audit;

/// <summary>Where the audit trail is kept (configuration section SkinLesion:Audit).</summary>
public sealed class AuditOptions : IValidatableObject
{
    public const string SectionName = "SkinLesion:Audit";

    /// <summary>The SQLite file's name inside <see cref="DataDirectory"/>.</summary>
    public const string DatabaseFileName = "audit.db";

    public AuditProvider Provider { get; set; } = AuditProvider.Sqlite;

    /// <summary>
    /// PostgreSQL: required (Host, Database, Username, Password...). SQLite: optional; without it the file is
    /// <see cref="DatabaseFileName"/> in <see cref="DataDirectory"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The SQLite file's folder, created on first start; a relative path is taken from the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>SQLite only: whether each commit waits for the disk (Full) or the log reaches it at checkpoints (Normal).</summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>The longest an append (or a readiness check) waits for the store; then the client gets 503 audit-unavailable.</summary>
    [Range(1, 60)]
    public int WriteTimeoutSeconds { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Provider))
        {
            yield return new ValidationResult($"{nameof(Provider)} must be {nameof(AuditProvider.Sqlite)} or {nameof(AuditProvider.PostgreSql)}.", [nameof(Provider)]);
            yield break;
        }

        if (!Enum.IsDefined(SqliteSynchronous))
        {
            yield return new ValidationResult($"{nameof(SqliteSynchronous)} must be {nameof(Audit.SqliteSynchronous.Normal)} or {nameof(Audit.SqliteSynchronous.Full)}.", [nameof(SqliteSynchronous)]);
        }

        string? problem = Provider == AuditProvider.PostgreSql ? PostgreSqlProblem(ConnectionString) : SqliteProblem(ConnectionString);
        if (problem is not null)
        {
            yield return new ValidationResult(problem, [nameof(ConnectionString)]);
        }
    }

    private static string? PostgreSqlProblem(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"Provider {nameof(AuditProvider.PostgreSql)} needs {SectionName}:{nameof(ConnectionString)} (e.g. Host=db;Database=skinlesion;Username=skinlesion;Password=...).";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host) || string.IsNullOrWhiteSpace(builder.Database)
                ? $"The PostgreSQL {nameof(ConnectionString)} must name a Host and a Database."
                : null;
        }
        catch (ArgumentException ex)
        {
            return $"The PostgreSQL {nameof(ConnectionString)} cannot be read: {ex.Message}";
        }
    }

    private static string? SqliteProblem(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        try
        {
            return string.IsNullOrWhiteSpace(new SqliteConnectionStringBuilder(connectionString).DataSource)
                ? $"The SQLite {nameof(ConnectionString)} must name a Data Source (a file), or be left out to use {DatabaseFileName} in {nameof(DataDirectory)}."
                : null;
        }
        catch (ArgumentException ex)
        {
            return $"The SQLite {nameof(ConnectionString)} cannot be read: {ex.Message}";
        }
    }
}
