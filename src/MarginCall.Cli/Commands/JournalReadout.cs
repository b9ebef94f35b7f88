using System.Buffers;
using System.Text.Json;
using MarginCall.Engine.Events;
using MarginCall.Engine.Wire;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Sequencing;
using MarginCall.Storage.Snapshots;

namespace MarginCall.Cli.Commands;

/// <summary>What <c>margincall journal inspect|replay|explain</c> print: JSON built from the engine's own JSON form (<see cref="WireJson"/>).</summary>
internal static class JournalReadout
{
    /// <summary>One JSON line per record: <c>{"sequence":0,"genesis":…}</c>, then <c>{"sequence":n,"command":…}</c>.</summary>
    public static int Inspect(string dir, TextWriter output)
    {
        foreach (var record in JournalFiles.Read(dir))
        {
            output.WriteLine(Json(j =>
            {
                j.WriteStartObject();
                j.WriteNumber("sequence", record.Sequence);
                if (record.Sequence == CommandLog.GenesisSequence)
                {
                    j.WritePropertyName("genesis");
                    j.WriteRawValue(WireJson.Serialize(CommandLog.DecodeGenesis(record)));
                }
                else
                {
                    j.WritePropertyName("command");
                    j.WriteRawValue(WireJson.Serialize(CommandLog.DecodeCommand(record)));
                }
                j.WriteEndObject();
            }));
        }
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Replays the whole log (from the genesis, or from <paramref name="snapshot"/>) and prints
    /// <c>{"sequence":…,"fromSnapshot":…,"replayed":…,"stateHash":hex}</c>.
    /// </summary>
    public static int Replay(string dir, Snapshot? snapshot, TextWriter output)
    {
        var replay = snapshot is null ? new LogReplay() : new LogReplay(snapshot);
        var events = new List<EngineEvent>();
        foreach (var record in JournalFiles.Read(dir, replay.NextSequence))
        {
            events.Clear();
            replay.Apply(record, events);
        }
        var engine = replay.Engine;
        output.WriteLine(Json(j =>
        {
            j.WriteStartObject();
            j.WriteNumber("sequence", engine.View.Sequence);
            if (replay.FromSnapshot is { } from) j.WriteNumber("fromSnapshot", from);
            else j.WriteNull("fromSnapshot");
            j.WriteNumber("replayed", replay.Replayed);
            j.WriteString("stateHash", Convert.ToHexStringLower(engine.StateHash()));
            j.WriteEndObject();
        }));
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Replays the log from its genesis and prints the liquidation of command <paramref name="sequence"/> — or of the last
    /// command that liquidated <paramref name="account"/> — as <c>{"sequence":n,"command":…,"events":[…],"stateHash":hex}</c>:
    /// every event the replay produced for that command, each with every figure, and the state hash after it.
    /// </summary>
    public static int Explain(string dir, long? sequence, long? account, TextWriter output, TextWriter error)
    {
        var replay = new LogReplay();
        var events = new List<EngineEvent>();
        (long Sequence, string Command, List<EngineEvent> Events, byte[] Hash)? found = null;
        foreach (var record in JournalFiles.Read(dir))
        {
            events.Clear();
            replay.Apply(record, events);
            bool match = sequence is { } s ? record.Sequence == s : events.Exists(e => e is LiquidationStep step && step.Account.Value == account);
            if (match) found = (record.Sequence, WireJson.Serialize(CommandLog.DecodeCommand(record)), [.. events], replay.Engine.StateHash());
            if (sequence is { } last && record.Sequence == last) break;
        }
        long end = replay.NextSequence - 1;
        if (found is not { } hit)
        {
            return sequence is { } missing
                ? JournalCommand.Refuse(error, "--sequence", $"{missing} is past the journal's last record {end}")
                : JournalCommand.Refuse(error, "--account", $"account {account} was not liquidated in records 1..{end}");
        }
        if (!hit.Events.Exists(e => e is LiquidationStep))
        {
            var kinds = string.Join(", ", hit.Events.Select(e => e.GetType().Name).Distinct());
            return JournalCommand.Refuse(error, "--sequence", $"command {hit.Sequence} liquidated nothing (its events: {(kinds.Length == 0 ? "none" : kinds)})");
        }
        output.WriteLine(Json(j =>
        {
            j.WriteStartObject();
            j.WriteNumber("sequence", hit.Sequence);
            j.WritePropertyName("command");
            j.WriteRawValue(hit.Command);
            j.WriteStartArray("events");
            foreach (var e in hit.Events) j.WriteRawValue(WireJson.Serialize(e));
            j.WriteEndArray();
            j.WriteString("stateHash", Convert.ToHexStringLower(hit.Hash));
            j.WriteEndObject();
        }));
        return ExitCodes.Ok;
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var j = new Utf8JsonWriter(buffer))
        {
            write(j);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
