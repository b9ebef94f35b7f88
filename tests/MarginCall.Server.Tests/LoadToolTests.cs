using System.Text.Json;
using MarginCall.Engine.Commands;
using MarginCall.LoadTest;
using MarginCall.Storage.Journal;
using MarginCall.Storage.Sequencing;
using MarginCall.Storage.Tests;

namespace MarginCall.Server.Tests;

/// <summary>
/// The load tool (bench/MarginCall.LoadTest) counts what it claims: a tiny run of every phase against the real service
/// on the file journal, then the journal read back. No timing is asserted (the figures are docs/PERFORMANCE.md's).
/// </summary>
public sealed class LoadToolTests
{
    [Fact]
    public async Task A_tiny_run_of_every_phase_reports_exactly_the_commands_the_journal_holds_and_every_subscriber_got_every_batch()
    {
        using var temp = new TempDirectory();
        var options = new LoadOptions { Seconds = 0.4, WarmupSeconds = 0.2, Accounts = 7, Writers = 2, Batch = 25, Rate = 500, RateBatch = 5, Subscribers = 3, Rounds = 1 };
        LoadReport report;
        long setup;
        await using (var service = await LoadService.StartAsync(temp.Path, options.Accounts))
        {
            setup = service.SetupCommands;
            report = await LoadRun.RunAsync(service, options, TextWriter.Null);
        }

        Assert.Equal(["warm-up", "host", "throughput", "latency", "fanout-0", "fanout-3"], report.Phases.Select(p => p.Name));
        Assert.All(report.Phases, p => Assert.True(p.Commands > 0 && p.Busy == 0, $"{p.Name}: {p.Commands} commands, {p.Busy} busy answers"));
        Assert.All(report.Phases, p => Assert.Equal(p.Commands, p.Latency.Samples));

        // The open loop sends exactly the schedule: one 5-command request every 10 ms for 0.4 s.
        var latency = report.Phases.Single(p => p.Name == "latency");
        Assert.Equal(40, latency.Requests);
        Assert.Equal(200, latency.Commands);

        // Subscribers joined after the unloaded half and drained to its end: each got every batch of the loaded half, in order.
        var fanned = report.Phases.Single(p => p.Name == "fanout-3");
        Assert.Equal((0, 0), (fanned.Disconnected, fanned.OutOfOrder));
        Assert.Equal(3 * fanned.Commands, fanned.Delivered);

        await using var journal = FileJournal.Open(Path.Combine(temp.Path, "journal"));
        var commands = new List<Command>();
        await foreach (var record in journal.ReadAsync(CommandLog.GenesisSequence + 1)) commands.Add(CommandLog.DecodeCommand(record));
        Assert.Equal(setup + report.Commands, commands.Count);
        Assert.All(commands.Skip((int)setup), c => Assert.Equal(1, Assert.IsType<Deposit>(c).Amount.Value));

        using var json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(report.Phases.Count, json.RootElement.GetProperty("phases").GetArrayLength());
    }
}
