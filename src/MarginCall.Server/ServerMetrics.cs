using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Hosting;
using MarginCall.Hosting.Events;
using Prometheus;

namespace MarginCall.Server;

/// <summary>
/// The service's Prometheus metrics (prometheus-net), in a registry of its own: commands and events by kind (counted
/// from the durable event stream), command acknowledgement latency (request to durable answer), queue depth, journal
/// lag (applied − durable sequence), accounts by liquidation state and insurance-fund balances (read from the engine at
/// each scrape, as a queued read).
/// </summary>
internal sealed class ServerMetrics
{
    private readonly EngineHost host;
    private readonly Counter commands;
    private readonly Counter events;
    private readonly Counter streamGaps;

    public ServerMetrics(EngineHost host)
    {
        this.host = host;
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        commands = factory.CreateCounter("margincall_commands_total", "Durable commands since the genesis (engine refusals included): the durable sequence.");
        events = factory.CreateCounter("margincall_events_total", "Durable events by kind (LiquidationStep counts liquidations).", "kind");
        streamGaps = factory.CreateCounter("margincall_metrics_stream_resets_total", "Times the metrics' own event subscription fell behind and restarted (counts may miss events).");
        Latency = factory.CreateHistogram("margincall_command_ack_seconds", "Time from a command request's arrival to its durable answer.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });
        var queue = factory.CreateGauge("margincall_queue_depth", "Requests waiting for the sequencer.");
        var lag = factory.CreateGauge("margincall_journal_lag_commands", "Commands applied but not yet acknowledged by the journal.");
        var durable = factory.CreateGauge("margincall_durable_sequence", "The last durable command sequence.");
        var accounts = factory.CreateGauge("margincall_accounts", "Accounts by liquidation state.", "state");
        var funds = factory.CreateGauge("margincall_insurance_fund_balance_quantums", "Insurance-fund balance, quote quantums.", "fund");
        Registry.AddBeforeCollectCallback(async cancellation =>
        {
            queue.Set(host.QueueDepth);
            lag.Set(host.AppliedSequence - host.DurableSequence);
            durable.Set(host.DurableSequence);
            commands.IncTo(host.DurableSequence);
            if (host.Stopped is not null) return;
            var (states, balances) = await host.QueryAsync(view =>
            {
                var byState = new SortedDictionary<LiquidationState, int>();
                for (var i = 0; i < view.AccountCount; i++)
                {
                    var state = view.Account(i).State;
                    byState[state] = byState.GetValueOrDefault(state) + 1;
                }

                return (byState, view.InsuranceFunds().ToArray());
            }).WaitAsync(cancellation);
            foreach (var state in Enum.GetValues<LiquidationState>()) accounts.WithLabels(state.ToString()).Set(states.GetValueOrDefault(state));
            foreach (var fund in balances) funds.WithLabels(fund.Fund.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set(fund.Balance.Value);
        });
    }

    public CollectorRegistry Registry { get; }

    public Histogram Latency { get; }

    /// <summary>Counts the durable stream until <paramref name="stopping"/>; restarts from now if it ever falls behind.</summary>
    public async Task CountEventsAsync(CancellationToken stopping)
    {
        var after = host.Events.LastSequence;
        while (!stopping.IsCancellationRequested)
        {
            using var subscription = host.Events.Subscribe(EventFilter.All, Math.Max(after, host.Events.EarliestResumableAfter));
            try
            {
                await foreach (var batch in subscription.Batches.ReadAllAsync(stopping))
                {
                    after = batch.Sequence;
                    foreach (var e in batch.Events) events.WithLabels(e.Code.ToString()).Inc();
                }

                return;
            }
            catch (SubscriberTooSlowException)
            {
                streamGaps.Inc();
            }
            catch (HostStoppedException)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
