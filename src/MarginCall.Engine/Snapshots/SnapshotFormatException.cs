namespace MarginCall.Engine.Snapshots;

/// <summary>
/// Bytes that do not load as a snapshot. <see cref="Problem"/> says what is wrong (truncated, bad magic, version,
/// checksum, a malformed field, not canonical); <see cref="Field"/> and <see cref="Offset"/> say where.
/// </summary>
public sealed class SnapshotFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SnapshotFormatException(SnapshotProblem problem, string field, long offset, string message, Exception? inner = null)
        : base($"snapshot {problem}: {field}: {message} (at byte {offset})", inner)
    {
        Problem = problem;
        Field = field;
        Offset = offset;
    }

    /// <summary>What is wrong.</summary>
    public SnapshotProblem Problem { get; }

    /// <summary>The header field or state field concerned, e.g. <c>checksum</c> or <c>accounts[3].positions[0].mode</c>.</summary>
    public string Field { get; }

    /// <summary>Byte offset in the snapshot where the problem was found.</summary>
    public long Offset { get; }
}
