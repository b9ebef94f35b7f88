namespace MarginCall.Engine.Risk;

/// <summary>One edge of an account's band in a <see cref="BandLadder"/> (16 bytes).</summary>
/// <param name="Key">The ladder key: the ceiling, or the negated floor.</param>
/// <param name="Slot">The account's slot.</param>
/// <param name="Version">The account's tracking version when the edge was recorded (stale once it moves on).</param>
internal readonly record struct BandEntry(long Key, int Slot, int Version);
