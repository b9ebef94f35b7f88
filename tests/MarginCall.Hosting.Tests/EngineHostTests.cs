using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Tests.Support;
using MarginCall.Storage;
using MarginCall.Storage.Journal;

namespace MarginCall.Hosting.Tests;

public sealed class EngineHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Each_command_is_acknowledged_with_its_sequence_and_the_events_an_engine_gives_it(int seed)
    {
        using var world = new HostWorld(seed);
        await using var host = await world.StartAsync();

        var results = await Task.WhenAll(world.Commands.Select(host.SubmitAsync).ToList());

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i + 1, results[i].Sequence);
            Assert.Equal(HostWorld.Json(world.Events[i]), HostWorld.Json(results[i].Events));
        }

        Assert.Equal(world.Commands.Count, host.DurableSequence);
        Assert.Equal(world.Hash, Convert.ToHexString(await host.StateHashAsync()));
    }

    [Fact]
    public async Task A_restarted_host_recovers_every_acknowledged_command_and_continues_to_the_uninterrupted_hash()
    {
        using var world = new HostWorld(3);
        var half = world.Commands.Count / 2;
        await using (var first = await world.StartAsync(new EngineHostOptions { SnapshotEvery = half / 3 + 1 }))
        {
            foreach (var command in world.Commands.Take(half)) await first.SubmitAsync(command);
        }

        Assert.Equal(half + 1, JournalFiles.Read(world.JournalDirectory).Count());
        await using var second = await world.StartAsync();
        Assert.NotNull(second.Recovery);
        Assert.NotNull(second.Recovery.FromSnapshot);
        Assert.Equal(half, second.DurableSequence);

        var rest = await Task.WhenAll(world.Commands.Skip(half).Select(second.SubmitAsync).ToList());

        Assert.Equal(half + 1, rest[0].Sequence);
        Assert.Equal(world.Hash, Convert.ToHexString(await second.StateHashAsync()));
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_and_nothing_refused_reaches_the_journal()
    {
        using var world = new HostWorld(4);
        var journal = new GatedJournal(world.OpenJournal());
        var options = new EngineHostOptions { QueueCapacity = 4, InFlightCapacity = 4, SnapshotEvery = 0 };
        await using var host = await EngineHost.StartAsync(journal, world.Snapshots(), world.Genesis, options);
        journal.Close();

        var accepted = new List<Task<CommandResult>>();
        HostBusyException? busy = null;
        foreach (var command in world.Commands)
        {
            try
            {
                accepted.Add(host.SubmitAsync(command));
            }
            catch (HostBusyException e)
            {
                busy = e;
                break;
            }
        }

        Assert.NotNull(busy);
        // At most: the queue, the in-flight window, one the sequencer holds while it waits for room, one being released.
        Assert.InRange(accepted.Count, options.QueueCapacity, options.QueueCapacity + options.InFlightCapacity + 2);
        Assert.All(accepted, t => Assert.False(t.IsCompleted, "acknowledged while the journal had not confirmed it"));

        journal.Open();
        var results = await Task.WhenAll(accepted).WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(1, accepted.Count).Select(i => (long)i), results.Select(r => r.Sequence));
        await host.DisposeAsync();
        Assert.Equal(accepted.Count + 1, JournalFiles.Read(world.JournalDirectory).Count());
    }

    [Fact]
    public async Task A_read_is_released_only_once_every_command_before_it_is_durable()
    {
        using var world = new HostWorld(5);
        var journal = new GatedJournal(world.OpenJournal());
        await using var host = await EngineHost.StartAsync(journal, world.Snapshots(), world.Genesis);
        var account = new AccountId(77);
        journal.Close();

        var created = host.SubmitAsync(new CreateAccount(account, "reader-test"));
        var deposit = host.SubmitAsync(new Deposit(account, EngineWorld.Usdc, new Quantums(5_000_000)));
        var balance = host.QueryAsync(view => view.TryGetAccount(account, out var a) ? a.SpotBalance(EngineWorld.Usdc) : -1);
        await Task.Delay(200);

        Assert.False(created.IsCompleted || deposit.IsCompleted);
        Assert.False(balance.IsCompleted, "a read showed state the journal had not confirmed");
        journal.Open();
        Assert.Equal(5_000_000, await balance.WaitAsync(Patience));
        Assert.True(deposit.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_journal_failure_stops_the_host_and_nothing_from_the_failed_record_on_is_acknowledged()
    {
        using var world = new HostWorld(6);
        var journal = new GatedJournal(world.OpenJournal()) { FailFrom = 11 };
        await using var host = await EngineHost.StartAsync(journal, world.Snapshots(), world.Genesis);
        using var subscription = host.Events.Subscribe(Events.EventFilter.All, afterSequence: 0);

        var submitted = world.Commands.Take(20).Select(host.SubmitAsync).ToList();
        await Task.WhenAny(Task.WhenAll(submitted)).WaitAsync(Patience);

        for (var i = 0; i < submitted.Count; i++)
        {
            if (i + 1 < 11) Assert.Equal(i + 1, (await submitted[i]).Sequence);
            else Assert.IsType<HostStoppedException>(await Record.ExceptionAsync(() => submitted[i]));
        }

        Assert.Equal(10, host.DurableSequence);
        Assert.IsType<JournalWriteException>(host.Stopped?.InnerException);
        Assert.Throws<HostStoppedException>(() => { _ = host.SubmitAsync(world.Commands[20]); });
        var delivered = new List<long>();
        var end = await Record.ExceptionAsync(async () =>
        {
            await foreach (var batch in subscription.Batches.ReadAllAsync()) delivered.Add(batch.Sequence);
        });
        Assert.IsType<HostStoppedException>(end);
        Assert.Equal(Enumerable.Range(1, 10).Where(i => world.Events[i - 1].Count > 0).Select(i => (long)i), delivered);
    }
}
