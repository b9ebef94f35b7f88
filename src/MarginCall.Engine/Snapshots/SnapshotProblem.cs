namespace MarginCall.Engine.Snapshots;

/// <summary>What is wrong with bytes that do not load as a snapshot (explicit, append-only codes).</summary>
public enum SnapshotProblem : byte
{
    /// <summary>Fewer bytes than the header or than the header's body length and the checksum need.</summary>
    Truncated = 1,

    /// <summary>The first eight bytes are not the snapshot magic: not a snapshot.</summary>
    BadMagic = 2,

    /// <summary>A format version this build does not read.</summary>
    UnsupportedVersion = 3,

    /// <summary>The trailing SHA-256 does not match the bytes before it: corrupted.</summary>
    ChecksumMismatch = 4,

    /// <summary>The checksum matches but a field does not decode to valid state (<see cref="SnapshotFormatException.Field"/> names it).</summary>
    Malformed = 5,

    /// <summary>The state decodes but does not write back to the same bytes (not in canonical form: unsorted, a zero balance).</summary>
    NotCanonical = 6,
}
