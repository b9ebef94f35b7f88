namespace MarginCall.Storage;

/// <summary>One journalled record: the engine sequence number it was assigned and its encoded command.</summary>
/// <param name="Sequence">Strictly increasing by one across the journal.</param>
/// <param name="Payload">The command in the binary wire codec (opaque to storage).</param>
public readonly record struct JournalRecord(long Sequence, ReadOnlyMemory<byte> Payload);
