namespace SkinLesion.Tests.Shared.Audit;

/// <summary>A fact against the real PostgreSQL server of <see cref="TestPostgres"/>; skipped, with the reason, when none answers.</summary>
internal sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        if (TestPostgres.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
