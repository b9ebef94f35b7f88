using MarginCall.KeeperClient.Ledger;
using Prometheus;

namespace MarginCall.KeeperClient;

/// <summary>
/// The keeper's figures in the Prometheus text format, served by prometheus-net's own listener
/// (<see cref="MetricServer"/>, no web framework) at <c>http://127.0.0.1:PORT/metrics</c>; its own registry, so nothing
/// else of the process leaks into it. Amounts are quote quantums, as the service's metrics are.
/// </summary>
public sealed class KeeperMetrics : IDisposable
{
    private readonly MetricServer? server;
    private readonly Gauge rewards;
    private readonly Gauge cash;
    private readonly Gauge pnl;
    private readonly Gauge inventoryValue;
    private readonly Gauge lastSequence;
    private readonly Gauge wins;
    private readonly Gauge refusals;

    /// <summary>Metrics for <paramref name="keeper"/>, listening on <paramref name="port"/> (null: not served, only kept).</summary>
    public KeeperMetrics(string keeper, int? port)
    {
        Registry = Metrics.NewCustomRegistry();
        Registry.SetStaticLabels(new Dictionary<string, string> { ["keeper"] = keeper });
        var factory = Metrics.WithCustomRegistry(Registry);
        rewards = factory.CreateGauge("margincall_keeper_rewards_quantums", "Rewards credited to the keeper id (fee shares, auction tip + chip), quote quantums");
        cash = factory.CreateGauge("margincall_keeper_cash_quantums", "Cash of takes and hedge fills, quote quantums");
        inventoryValue = factory.CreateGauge("margincall_keeper_inventory_value_quantums", "Inventory left at the last marks, quote quantums");
        pnl = factory.CreateGauge("margincall_keeper_pnl_quantums", "Rewards + cash + inventory value, quote quantums");
        lastSequence = factory.CreateGauge("margincall_keeper_last_sequence", "The last sequence the keeper observed");
        wins = factory.CreateGauge("margincall_keeper_wins", "Wins by kind: step (a liquidation step ran for the keeper), lot_opened, take", new GaugeConfiguration { LabelNames = ["kind"] });
        refusals = factory.CreateGauge("margincall_keeper_refusals", "The keeper's commands the engine refused (someone was faster, the account recovered)");
        Sent = factory.CreateCounter("margincall_keeper_commands_total", "Commands sent, by kind and outcome", new CounterConfiguration { LabelNames = ["command", "outcome"] });
        Reaction = factory.CreateHistogram("margincall_keeper_reaction_seconds",
            "From the batch that made an account liquidatable (or opened a lot) reaching the keeper to the service acknowledging its request",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.000_25, 2, 14) });
        if (port is { } p)
        {
            server = new MetricServer("127.0.0.1", p, "metrics/", Registry);
            server.Start();
        }
    }

    /// <summary>The registry (its text is what the listener serves).</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Commands sent by kind and outcome.</summary>
    public Counter Sent { get; }

    /// <summary>Reaction times, seconds.</summary>
    public Histogram Reaction { get; }

    /// <summary>Copies the ledger's figures into the gauges.</summary>
    public void Update(KeeperLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        rewards.Set(ledger.Rewards.Value);
        cash.Set(ledger.Cash.Value);
        inventoryValue.Set(ledger.InventoryValue.Value);
        pnl.Set(ledger.Pnl.Value);
        lastSequence.Set(ledger.LastSequence);
        wins.WithLabels("step").Set(ledger.StepsWon);
        wins.WithLabels("lot_opened").Set(ledger.LotsOpened);
        wins.WithLabels("take").Set(ledger.Takes);
        refusals.Set(ledger.RefusalCount);
    }

    /// <inheritdoc />
    public void Dispose() => server?.Dispose();
}
