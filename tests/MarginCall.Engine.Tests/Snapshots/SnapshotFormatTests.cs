using MarginCall.Core.Numbers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using MarginCall.Core.Model;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Snapshots;
using MarginCall.Engine.Tests.Support;
using static MarginCall.Engine.Tests.Support.EngineWorld;

namespace MarginCall.Engine.Tests.Snapshots;

/// <summary>The snapshot's header and trailer (docs/sequencer.md, "Snapshot format") and the reader's typed errors.</summary>
public sealed class SnapshotFormatTests
{
    private const int Header = 27;

    private static MarginEngine World(bool fullScan = false)
    {
        var engine = NewEngine(fullScan);
        Run(engine, Opening());
        Run(engine, Trader(10, 5_000m, Btc, 0.5m, 50_000m));
        Run(engine, [new CreateAccount(new AccountId(11), "owner-zz"), new Deposit(new AccountId(11), Usdc, new Quantums(Usd(70m)))]);
        return engine;
    }

    [Fact]
    public void The_header_holds_magic_version_flags_sequence_and_body_length_and_the_trailer_the_checksum()
    {
        var engine = World();
        var bytes = engine.WriteSnapshot();

        Assert.Equal("MCSNAP\r\n"u8.ToArray(), bytes[..8]);
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(0, bytes[10]);
        Assert.Equal(engine.View.Sequence, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(11)));
        var length = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(19));
        Assert.Equal(bytes.Length, Header + length + 32);
        Assert.Equal(SHA256.HashData(bytes.AsSpan(0, (int)(Header + length))), bytes[(int)(Header + length)..]);
    }

    [Fact]
    public void The_state_hash_is_the_sha256_of_the_snapshot_body()
    {
        var engine = World();
        var bytes = engine.WriteSnapshot();

        Assert.Equal(SHA256.HashData(Body(bytes)), engine.StateHash());
    }

    [Fact]
    public void A_full_scan_engine_loads_as_a_full_scan_engine()
    {
        var bytes = World(fullScan: true).WriteSnapshot();

        Assert.Equal(1, bytes[10]);
        Assert.True(MarginEngine.LoadSnapshot(bytes).UsesFullScan);
        Assert.False(MarginEngine.LoadSnapshot(World().WriteSnapshot()).UsesFullScan);
    }

    [Theory]
    [InlineData(0, "magic")]
    [InlineData(5, "magic")]
    [InlineData(9, "version")]
    [InlineData(20, "header")]
    [InlineData(Header + 10, "body")]
    public void A_truncated_snapshot_says_so(int keep, string field)
    {
        var bytes = World().WriteSnapshot();

        var error = Load(bytes[..keep]);

        Assert.Equal(SnapshotProblem.Truncated, error.Problem);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void A_snapshot_missing_its_last_byte_is_truncated()
    {
        var bytes = World().WriteSnapshot();

        Assert.Equal(SnapshotProblem.Truncated, Load(bytes[..^1]).Problem);
    }

    [Fact]
    public void Other_bytes_are_not_a_snapshot()
    {
        var bytes = World().WriteSnapshot();
        bytes[0] = (byte)'X';

        Assert.Equal(SnapshotProblem.BadMagic, Load(bytes).Problem);
        Assert.Equal(SnapshotProblem.BadMagic, Load(Encoding.UTF8.GetBytes("{\"not\": \"a snapshot\"}")).Problem);
    }

    [Fact]
    public void Another_format_version_is_refused_by_name()
    {
        var bytes = World().WriteSnapshot();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 3);

        var error = Load(bytes);

        Assert.Equal(SnapshotProblem.UnsupportedVersion, error.Problem);
        Assert.Contains("version 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_byte_fails_the_checksum()
    {
        var bytes = World().WriteSnapshot();
        bytes[Header + 40] ^= 0x01;

        Assert.Equal(SnapshotProblem.ChecksumMismatch, Load(bytes).Problem);
    }

    [Fact]
    public void A_body_with_a_byte_too_many_is_malformed_even_with_a_valid_checksum()
    {
        var body = Body(World().WriteSnapshot()).ToArray();

        var error = Load(Seal([.. body, 0]));

        Assert.Equal(SnapshotProblem.Malformed, error.Problem);
        Assert.Equal("state", error.Field);
    }

    [Fact]
    public void A_body_a_byte_short_is_malformed()
    {
        var body = Body(World().WriteSnapshot()).ToArray();

        Assert.Equal(SnapshotProblem.Malformed, Load(Seal(body[..^1])).Problem);
    }

    [Fact]
    public void A_field_that_does_not_decode_is_named()
    {
        var body = Body(World().WriteSnapshot()).ToArray();
        var spots = OwnerEnd(body, "owner-zz"); // the spot balance count follows the owner
        body[spots] = 9;

        var error = Load(Seal(body));

        Assert.Equal(SnapshotProblem.Malformed, error.Problem);
        Assert.Equal("accounts[2].spotBalances", error.Field);
    }

    [Fact]
    public void An_open_position_of_size_zero_is_malformed()
    {
        var body = Body(World().WriteSnapshot()).ToArray();
        var spots = OwnerEnd(body, "owner-10"); // one USDC balance, then one position
        Assert.Equal(1, body[spots]);
        var size = spots + 1 + 4 + 8 + 1 + 4 + 1; // spot count, asset, balance, position count, market, mode
        Assert.Equal(Size(0.5m), BinaryPrimitives.ReadInt64LittleEndian(body.AsSpan(size)));
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(size), 0);

        var error = Load(Seal(body));

        Assert.Equal(SnapshotProblem.Malformed, error.Problem);
        Assert.Equal("accounts[1].positions[0].size", error.Field);
        Assert.Equal(Header + size, error.Offset);
    }

    [Fact]
    public void A_state_that_decodes_but_is_not_canonical_is_refused()
    {
        var body = Body(World().WriteSnapshot()).ToArray();
        var spots = OwnerEnd(body, "owner-zz");
        Assert.Equal(1, body[spots]);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(spots + 1 + 4), 0); // a zero balance: the model drops it

        Assert.Equal(SnapshotProblem.NotCanonical, Load(Seal(body)).Problem);
    }

    [Fact]
    public void Loading_continues_the_sequence()
    {
        var engine = World();
        var loaded = MarginEngine.LoadSnapshot(engine.WriteSnapshot());

        var next = engine.View.Sequence + 1;
        Assert.Equal(next, Run(loaded, [new AdvanceTime(new EngineTime(5_000))]).Single().Sequence);
    }

    private static SnapshotFormatException Load(byte[] bytes) =>
        Assert.Throws<SnapshotFormatException>(() => MarginEngine.LoadSnapshot(bytes));

    private static ReadOnlySpan<byte> Body(byte[] snapshot) => snapshot.AsSpan(Header, snapshot.Length - Header - 32);

    /// <summary>A snapshot around <paramref name="body"/> with a correct length and checksum (the header of World()).</summary>
    private static byte[] Seal(byte[] body)
    {
        var header = World().WriteSnapshot()[..Header];
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(19), body.Length);
        byte[] content = [.. header, .. body];
        return [.. content, .. SHA256.HashData(content)];
    }

    private static int OwnerEnd(byte[] body, string owner)
    {
        var text = Encoding.UTF8.GetBytes(owner);
        var at = body.AsSpan().IndexOf(text);
        Assert.True(at > 0);
        return at + text.Length;
    }
}
