using System.Buffers;

namespace MarginCall.Engine.Wire;

/// <summary>
/// The genesis record: the format version (four bytes), the venue (<see cref="VenueEncoding"/>), the engine options
/// (<see cref="EngineOptionsEncoding"/>). The version comes first so a reader can refuse a log it does not understand
/// before reading anything else.
/// </summary>
public static class GenesisCodec
{
    /// <summary>Writes a genesis.</summary>
    public static void Write(in WireWriter w, Genesis genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        w.WriteInt32(genesis.FormatVersion);
        VenueEncoding.Write(w, genesis.Venue);
        EngineOptionsEncoding.Write(w, genesis.Options);
    }

    /// <summary>Reads a genesis; a format version this build does not read throws before the rest is read.</summary>
    public static Genesis Read(ref WireReader r)
    {
        var at = r.Position;
        var version = r.ReadInt32("genesis.formatVersion");
        if (Genesis.FormatProblem(version) is { } problem)
        {
            throw new WireFormatException("genesis.formatVersion", at, problem);
        }

        var venue = VenueEncoding.Read(ref r);
        var options = EngineOptionsEncoding.Read(ref r);
        return new Genesis(version, venue, options);
    }

    /// <summary>The bytes of a genesis.</summary>
    public static byte[] Encode(Genesis genesis)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        Write(new WireWriter(buffer), genesis);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Exactly one genesis.</summary>
    public static Genesis Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new WireReader(bytes);
        var genesis = Read(ref r);
        r.EnsureEnd("genesis");
        return genesis;
    }
}
