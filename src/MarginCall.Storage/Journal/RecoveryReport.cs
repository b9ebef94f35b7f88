namespace MarginCall.Storage.Journal;

/// <summary>What opening a journal found.</summary>
/// <param name="Segments">Segment files present.</param>
/// <param name="Records">Records verified.</param>
/// <param name="NextSequence">The sequence of the next append.</param>
/// <param name="TornBytesTruncated">Bytes of an unacknowledged, torn last write that were cut off (0 if the log ended cleanly).</param>
public sealed record RecoveryReport(int Segments, long Records, long NextSequence, long TornBytesTruncated);
