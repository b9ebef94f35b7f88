namespace MarginCall.Storage.Tests;

/// <summary>
/// A fact that needs a PostgreSQL server (MARGINCALL_TEST_PG, set by scripts/ci/postgres.sh). Locally it is skipped with
/// that reason when the variable is unset; under CI=true it runs anyway and fails, so CI can never pass without PostgreSQL.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public static string? ConnectionString => Environment.GetEnvironmentVariable("MARGINCALL_TEST_PG") is { Length: > 0 } s ? s : null;

    public static bool RequiredByCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public PostgresFactAttribute()
    {
        if (ConnectionString is null && !RequiredByCi)
            Skip = "MARGINCALL_TEST_PG is not set (source scripts/ci/postgres.sh to start a throwaway PostgreSQL); PostgreSQL tests skipped";
    }

    /// <summary>Fails the test clearly when CI requires PostgreSQL and none is configured.</summary>
    public static string Require() =>
        ConnectionString ?? throw new InvalidOperationException("CI=true but MARGINCALL_TEST_PG is not set: scripts/ci/postgres.sh did not start PostgreSQL");
}
