namespace SkinLesion.Audit.Schema;

/// <summary>One numbered step of the schema, written once per engine; both reach the same logical schema.</summary>
internal sealed record AuditMigration(int Version, string Description, string Sqlite, string PostgreSql);
