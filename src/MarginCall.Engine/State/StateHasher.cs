using MarginCall.Engine.Wire;

namespace MarginCall.Engine.State;

/// <summary>
/// The state hash: SHA-256 over the canonical encoding of everything that decides future events
/// (<see cref="StateEncoding"/>: definition, clock, markets with their books, accounts, funds, the liquidation ledger),
/// streamed through <see cref="HashingBufferWriter"/> in 64 KB chunks rather than buffered whole. Derived data (the
/// candidate index) and the detector choice are excluded, so the index and the full scan must produce equal hashes; so
/// is the sequence number, so a refused command leaves the hash unchanged.
/// </summary>
internal static class StateHasher
{
    /// <summary>Hashes the state.</summary>
    public static byte[] Hash(EngineState state)
    {
        using var sink = new HashingBufferWriter();
        StateEncoding.Write(new WireWriter(sink), state);
        return sink.FinishHash();
    }
}
