using System.Text.Json;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Tests.Support;
using MarginCall.Engine.Wire;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Sequencing;
using MarginCall.Storage.Snapshots;

namespace MarginCall.Cli.Tests;

/// <summary><c>margincall journal inspect|replay|explain</c> over a real engine log (a seeded stream with liquidations).</summary>
public sealed class JournalCommandTests : IDisposable
{
    private const int Seed = 1;
    private readonly string root = Path.Combine(Path.GetTempPath(), $"margincall-journal-{Guid.NewGuid():N}");
    private readonly List<Command> commands;
    private readonly List<List<EngineEvent>> events;
    private readonly MarginEngine whole;
    private readonly Genesis genesis;

    public JournalCommandTests()
    {
        (commands, events, whole, var options) = AdaptiveStream.Run(Seed);
        genesis = new Genesis(EngineWorld.Venue(), options);
        WriteLogAsync().GetAwaiter().GetResult();
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string JournalDir => Path.Combine(root, "journal");

    private string SnapshotDir => Path.Combine(root, "snapshots");

    private async Task WriteLogAsync()
    {
        await using var journal = FileJournal.Open(JournalDir);
        var engine = await JournaledEngine.StartAsync(genesis, journal, new FileSnapshotStore(SnapshotDir), snapshotEvery: commands.Count / 2);
        await Task.WhenAll(commands.Select(c => engine.Submit(c).Durable).ToList());
        await engine.SnapshotWritten;
    }

    private string WholeHash => Convert.ToHexStringLower(whole.StateHash());

    /// <summary>The 1-based sequences of the commands whose recorded events hold a liquidation step.</summary>
    private List<long> Liquidations => Enumerable.Range(0, commands.Count).Where(i => events[i].Exists(e => e is LiquidationStep)).Select(i => (long)i + 1).ToList();

    [Fact]
    public void Replay_from_the_genesis_and_from_the_snapshot_print_the_live_engines_state_hash()
    {
        var full = CliRun.Of("journal", "replay", JournalDir);
        Assert.Equal(0, full.ExitCode);
        var json = full.Json();
        Assert.Equal(commands.Count, json.GetProperty("sequence").GetInt64());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("fromSnapshot").ValueKind);
        Assert.Equal(commands.Count, json.GetProperty("replayed").GetInt64());
        Assert.Equal(WholeHash, json.GetProperty("stateHash").GetString());

        var tail = CliRun.Of("journal", "replay", JournalDir, "--snapshots", SnapshotDir).Json();
        Assert.True(tail.GetProperty("fromSnapshot").GetInt64() > 0);
        Assert.True(tail.GetProperty("replayed").GetInt64() < commands.Count);
        Assert.Equal(WholeHash, tail.GetProperty("stateHash").GetString());
    }

    [Fact]
    public void Inspect_lists_the_genesis_then_every_command_in_the_engines_json_form()
    {
        var run = CliRun.Of("journal", "inspect", JournalDir);
        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(commands.Count + 1, lines.Length);
        using (var first = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal(0, first.RootElement.GetProperty("sequence").GetInt64());
            Assert.Equal(WireJson.Serialize(genesis), first.RootElement.GetProperty("genesis").GetRawText());
        }
        for (int i = 0; i < commands.Count; i++)
        {
            using var line = JsonDocument.Parse(lines[i + 1]);
            Assert.Equal(i + 1, line.RootElement.GetProperty("sequence").GetInt64());
            Assert.Equal(WireJson.Serialize(commands[i]), line.RootElement.GetProperty("command").GetRawText());
        }
    }

    [Fact]
    public void Explain_by_sequence_prints_the_command_and_the_events_the_live_run_produced_with_every_figure()
    {
        Assert.NotEmpty(Liquidations);
        long sequence = Liquidations[0];
        var run = CliRun.Of("journal", "explain", JournalDir, "--sequence", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal(sequence, json.GetProperty("sequence").GetInt64());
        Assert.Equal(WireJson.Serialize(commands[(int)sequence - 1]), json.GetProperty("command").GetRawText());
        Assert.Equal(events[(int)sequence - 1].Select(WireJson.Serialize), json.GetProperty("events").EnumerateArray().Select(e => e.GetRawText()));
    }

    [Fact]
    public void Explain_by_account_picks_the_last_command_that_liquidated_it()
    {
        long last = Liquidations[^1];
        var step = (LiquidationStep)events[(int)last - 1].First(e => e is LiquidationStep);
        long expected = Liquidations.Last(s => events[(int)s - 1].Exists(e => e is LiquidationStep l && l.Account == step.Account));
        var json = CliRun.Of("journal", "explain", JournalDir, "--account", step.Account.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Json();
        Assert.Equal(expected, json.GetProperty("sequence").GetInt64());
        Assert.Contains(json.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "LiquidationStep"
            && e.GetProperty("account").GetInt64() == step.Account.Value);
    }

    [Theory]
    [InlineData("--sequence 0", "--sequence: 0 is not a command")]
    [InlineData("--sequence 99999", "--sequence: 99999 is past the journal's last record")]
    [InlineData("--sequence 1 --account 1", "--sequence, --account: give exactly one")]
    [InlineData("", "--sequence, --account: give exactly one")]
    [InlineData("--account 424242", "--account: account 424242 was not liquidated in records 1..")]
    public void Explain_refuses_bad_options_with_exit_2_and_one_line_naming_the_option(string options, string expected)
    {
        var run = CliRun.Of(["journal", "explain", JournalDir, .. options.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        CliRun.AssertOneLine(run.Err);
        Assert.StartsWith("error: " + expected, run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_refuses_a_command_that_liquidated_nothing()
    {
        var run = CliRun.Of("journal", "explain", JournalDir, "--sequence", "1");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --sequence: command 1 liquidated nothing (its events: ", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_bit_in_a_middle_record_exits_3_naming_the_segment_and_sequence()
    {
        string segment = Directory.GetFiles(JournalDir, "*.journal").Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(segment);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(segment, bytes);
        foreach (var verb in new[] { "verify", "inspect", "replay" })
        {
            var run = CliRun.Of("journal", verb, JournalDir);
            Assert.Equal(3, run.ExitCode);
            CliRun.AssertOneLine(run.Err);
            Assert.Contains("journal corrupt in " + Path.GetFileName(segment), run.Err, StringComparison.Ordinal);
        }
    }
}
