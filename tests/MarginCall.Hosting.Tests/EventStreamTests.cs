using MarginCall.Core.Model;
using MarginCall.Engine.Events;
using MarginCall.Hosting.Events;

namespace MarginCall.Hosting.Tests;

public sealed class EventStreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static async Task<List<EventBatch>> ReadAsync(Subscription subscription, int batches)
    {
        var read = new List<EventBatch>();
        while (read.Count < batches && await subscription.Batches.WaitToReadAsync().AsTask().WaitAsync(Patience))
        {
            while (read.Count < batches && subscription.Batches.TryRead(out var batch)) read.Add(batch);
        }

        return read;
    }

    [Fact]
    public async Task A_subscriber_from_the_start_receives_every_command_s_events_in_order_once_durable()
    {
        using var world = new HostWorld(7);
        await using var host = await world.StartAsync();
        using var subscription = host.Events.Subscribe(EventFilter.All, afterSequence: 0);

        var results = await Task.WhenAll(world.Commands.Select(host.SubmitAsync).ToList());
        var batches = await ReadAsync(subscription, results.Count(r => r.Events.Count > 0));

        Assert.Equal(results.Where(r => r.Events.Count > 0).Select(r => r.Sequence), batches.Select(b => b.Sequence));
        Assert.Equal(HostWorld.Json(world.Events.SelectMany(e => e)), HostWorld.Json(batches.SelectMany(b => b.Events)));
    }

    [Fact]
    public async Task Resuming_after_the_last_batch_read_gives_the_rest_with_no_gap_and_no_repeat()
    {
        using var world = new HostWorld(8);
        await using var host = await world.StartAsync();
        var first = host.Events.Subscribe(EventFilter.All, afterSequence: 0);
        var results = await Task.WhenAll(world.Commands.Select(host.SubmitAsync).ToList());
        var total = results.Count(r => r.Events.Count > 0);

        var before = await ReadAsync(first, total / 3);
        first.Dispose();
        using var resumed = host.Events.Subscribe(EventFilter.All, afterSequence: before[^1].Sequence);
        var after = await ReadAsync(resumed, total - before.Count);

        Assert.Equal(HostWorld.Json(world.Events.SelectMany(e => e)), HostWorld.Json(before.Concat(after).SelectMany(b => b.Events)));
        Assert.False(resumed.Batches.TryRead(out _), "more batches than the commands caused");
    }

    [Fact]
    public async Task Pages_read_after_a_sequence_are_the_stream_in_order()
    {
        using var world = new HostWorld(13);
        await using var host = await world.StartAsync();
        await Task.WhenAll(world.Commands.Select(host.SubmitAsync).ToList());

        var pages = new List<EventBatch>();
        for (var page = host.Events.Read(0, 7); page.Count > 0; page = host.Events.Read(page[^1].Sequence, 7))
        {
            Assert.InRange(page.Count, 1, 7);
            pages.AddRange(page);
        }

        Assert.Equal(HostWorld.Json(world.Events.SelectMany(e => e)), HostWorld.Json(pages.SelectMany(b => b.Events)));
    }

    [Fact]
    public async Task A_subscriber_that_stops_reading_is_disconnected_and_never_holds_the_sequencer_back()
    {
        using var world = new HostWorld(9);
        await using var host = await world.StartAsync(new EngineHostOptions { SubscriberBuffer = 3 });
        var idle = host.Events.Subscribe(EventFilter.All, afterSequence: 0);

        var results = await Task.WhenAll(world.Commands.Select(host.SubmitAsync).ToList()).WaitAsync(Patience);

        Assert.Equal(world.Commands.Count, results.Length);
        Assert.Equal(0, host.Events.SubscriberCount);
        var received = new List<long>();
        var end = await Record.ExceptionAsync(async () =>
        {
            await foreach (var batch in idle.Batches.ReadAllAsync()) received.Add(batch.Sequence);
        });
        var slow = Assert.IsType<SubscriberTooSlowException>(end);
        Assert.Equal(3, received.Count);
        Assert.True(slow.Sequence > received[^1]);
    }

    [Fact]
    public async Task Resuming_before_the_retained_window_is_refused_with_the_earliest_resume_point()
    {
        using var world = new HostWorld(10);
        await using var host = await world.StartAsync(new EngineHostOptions { RetainedEvents = 20 });
        await Task.WhenAll(world.Commands.Select(host.SubmitAsync).ToList());

        var refused = Assert.Throws<EventsNotRetainedException>(() => host.Events.Subscribe(EventFilter.All, afterSequence: 0));

        Assert.True(refused.EarliestResumableAfter > 0);
        using var earliest = host.Events.Subscribe(EventFilter.All, refused.EarliestResumableAfter);
        Assert.True(earliest.Batches.TryRead(out var batch));
        Assert.True(batch.Sequence > refused.EarliestResumableAfter);
        Assert.Throws<ArgumentOutOfRangeException>(() => host.Events.Subscribe(EventFilter.All, host.DurableSequence + 1));
    }

    [Fact]
    public async Task A_filtered_subscription_receives_exactly_the_events_its_filter_admits()
    {
        using var world = new HostWorld(11);
        await using var host = await world.StartAsync();
        var account = world.Events.SelectMany(e => e).OfType<LiquidationStep>().Select(s => s.Account).FirstOrDefault(new AccountId(1));
        var filter = new EventFilter(Accounts: new HashSet<AccountId> { account }, Kinds: new HashSet<EventCode> { EventCode.LiquidationStep, EventCode.BalanceChanged, EventCode.TradeSettled });
        using var subscription = host.Events.Subscribe(filter, afterSequence: 0);

        await Task.WhenAll(world.Commands.Select(host.SubmitAsync).ToList());
        var expected = world.Events.SelectMany(e => e).Where(filter.Admits).ToList();
        var batches = await ReadAsync(subscription, expected.Select(e => e.Sequence).Distinct().Count());

        Assert.NotEmpty(expected);
        Assert.Equal(HostWorld.Json(expected), HostWorld.Json(batches.SelectMany(b => b.Events)));
        Assert.All(batches.SelectMany(b => b.Events), e => Assert.True(EventScope.Concerns(e, account)));
    }
}
