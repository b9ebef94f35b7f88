using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using MarginCall.Keeper.Strategy;
using MarginCall.KeeperClient.Ledger;
using MarginCall.KeeperClient.Reads;
using MarginCall.KeeperClient.Service;
using MarginCall.KeeperClient.Stream;

namespace MarginCall.KeeperClient;

/// <summary>
/// The keeper process's loop (docs/keeper.md). It rebuilds its view from the journal's retained events (from the
/// start: it keeps no state of its own, so a restart after a crash can neither miss nor double-count anything), then
/// follows the stream. Every event goes, once and in order, to the shared <see cref="KeeperStrategy"/> (the
/// simulator's), the venue cache and the ledger. Once caught up, after each burst of batches it runs one round of the
/// strategy: each command it decides is sent, and the strategy is fed the stream up to that command's sequence before
/// it decides again (the same contract the simulator keeps). Refusals are counted, never retried — the next round
/// decides again from fresh events; a 429 or 503 holds all sending for its Retry-After. Takes are laid off by a
/// post-only order at the touch (the venue's book only rests orders: crossing flow reaches the engine as the matcher's
/// trades), one resting hedge per market at a time.
/// </summary>
public sealed class KeeperRunner
{
    private static readonly TimeSpan ObserveTimeout = TimeSpan.FromSeconds(10);
    private readonly KeeperApi api;
    private readonly KeeperSettings settings;
    private readonly TextWriter log;
    private readonly KeeperMetrics metrics;
    private readonly Dictionary<long, long> liquidatableSince = [];
    private readonly Dictionary<long, long> lotOpenedAt = [];
    private readonly Dictionary<int, RestingHedge> hedges = [];
    private readonly List<double> reactions = [];
    private EventFeed? feed;
    private ServiceReads? reads;
    private BookHedgeQuotes? quotes;
    private long lastSend;
    private long holdUntil;
    private long nextOrderId;
    private long batchesSinceRound;

    /// <summary>A keeper for <paramref name="settings"/> talking to <paramref name="api"/>, logging on <paramref name="log"/>.</summary>
    public KeeperRunner(KeeperApi api, KeeperSettings settings, TextWriter log, KeeperMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(metrics);
        this.api = api;
        this.settings = settings;
        this.log = log;
        this.metrics = metrics;
        Strategy = new KeeperStrategy(settings.Account, settings.KeeperId, settings.Strategy);
    }

    /// <summary>The shared strategy this keeper decides with.</summary>
    public KeeperStrategy Strategy { get; }

    /// <summary>Its ledger (null until the venue was read).</summary>
    public KeeperLedger? Ledger { get; private set; }

    /// <summary>Commands decided (sent, or logged in a dry run).</summary>
    public List<Command> Decisions { get; } = [];

    /// <summary>Reaction times measured, milliseconds (acknowledgement − receipt of the triggering batch).</summary>
    public IReadOnlyList<double> Reactions => reactions;

    /// <summary>Runs until <paramref name="cancellation"/>; the venue must be reachable at start.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        reads = await ServiceReads.LoadAsync(api, cancellation).ConfigureAwait(false);
        quotes = new BookHedgeQuotes(api, reads, settings.BookLevels);
        Ledger = new KeeperLedger(Strategy, reads);
        nextOrderId = settings.OrderIdBase + (DateTime.UtcNow.Ticks / 10);
        feed = new EventFeed(api, log);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var following = feed.RunAsync(0, stop.Token);
        var live = false;
        try
        {
            while (await feed.Items.WaitToReadAsync(cancellation).ConfigureAwait(false))
            {
                while (feed.Items.TryRead(out var item))
                {
                    if (item.Batch is { } batch) Observe(batch);
                    else
                    {
                        live = true;
                        log.WriteLine($"caught up at sequence {Ledger.LastSequence}: {Strategy.AccountsInLiquidation.Count} accounts in liquidation, {Strategy.OpenLots.Count} open lots");
                    }
                }

                if (live && batchesSinceRound > 0) await RoundAsync(cancellation).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await following.ConfigureAwait(false);
        }
    }

    /// <summary>The final figures as one JSON line (what <c>margincall keeper</c> prints when it stops).</summary>
    public string Summary()
    {
        var ledger = Ledger;
        var sorted = reactions.Order().ToArray();
        using var buffer = new MemoryStream();
        using (var j = new Utf8JsonWriter(buffer))
        {
            j.WriteStartObject();
            j.WriteString("keeper", settings.KeeperId);
            j.WriteNumber("account", settings.Account.Value);
            j.WriteNumber("lastSequence", ledger?.LastSequence ?? 0);
            j.WriteNumber("rewards", ledger?.Rewards.Value ?? 0);
            j.WriteNumber("cash", ledger?.Cash.Value ?? 0);
            j.WriteNumber("inventoryValue", ledger?.InventoryValue.Value ?? 0);
            j.WriteNumber("pnl", ledger?.Pnl.Value ?? 0);
            if (settings.Capital.Value > 0 && ledger is not null) j.WriteNumber("returnPpm", (long)((Int128)ledger.Pnl.Value * Ppm.OneValue / settings.Capital.Value));
            j.WriteNumber("stepsWon", ledger?.StepsWon ?? 0);
            j.WriteNumber("lotsOpened", ledger?.LotsOpened ?? 0);
            j.WriteNumber("takes", ledger?.Takes ?? 0);
            j.WriteNumber("hedgeFills", ledger?.HedgeFills ?? 0);
            j.WriteStartObject("refused");
            foreach (var (reason, count) in ledger?.Refusals ?? new Dictionary<string, long>()) j.WriteNumber(reason, count);
            j.WriteEndObject();
            j.WriteNumber("reconnects", feed?.Reconnects ?? 0);
            j.WriteStartObject("reactionMs");
            j.WriteNumber("count", sorted.Length);
            if (sorted.Length > 0)
            {
                j.WriteNumber("p50", Percentile(sorted, 0.50));
                j.WriteNumber("p99", Percentile(sorted, 0.99));
                j.WriteNumber("max", sorted[^1]);
            }

            j.WriteEndObject();
            j.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    internal static double Percentile(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private void Observe(StreamBatch batch)
    {
        var received = Stopwatch.GetTimestamp();
        batchesSinceRound++;
        foreach (var e in batch.Events)
        {
            reads!.Observe(e);
            Strategy.Observe(e);
            Ledger!.Observe(e);
            Track(e, received);
        }

        while (Strategy.TryTakeFill(out var fill))
        {
            Ledger!.Take(fill);
            log.WriteLine($"took lot {fill.Lot}: {fill.Size} of market {fill.Market.Value} at {fill.Price.Units}");
        }

        metrics.Update(Ledger!);
    }

    /// <summary>Reaction clocks and the resting hedges, from the events.</summary>
    private void Track(EngineEvent e, long received)
    {
        switch (e)
        {
            case LiquidationStateChanged { To: LiquidationState.Liquidatable } s when s.Account != settings.Account:
                liquidatableSince.TryAdd(s.Account.Value, received);
                break;
            case LiquidationStateChanged s when s.To < LiquidationState.Liquidatable:
                liquidatableSince.Remove(s.Account.Value);
                break;
            case AuctionLotOpened o:
                lotOpenedAt[o.Lot.Value] = received;
                break;
            case AuctionLotClosed c:
                lotOpenedAt.Remove(c.Lot.Value);
                break;
            case OrderRested rested when rested.Account == settings.Account:
                hedges[rested.Market.Value] = new RestingHedge(rested.Order, rested.RestingSize);
                break;
            case OrdersCancelled cancelled when cancelled.Account == settings.Account && hedges.TryGetValue(cancelled.Market.Value, out var hedge) && cancelled.Orders.Contains(hedge.Order):
                hedges.Remove(cancelled.Market.Value);
                break;
            case TradeSettled trade when trade.Buyer == settings.Account || trade.Seller == settings.Account:
                Filled(trade.Market, trade.Size);
                break;
            case LiquidationStep step:
                foreach (var fill in step.Fills)
                {
                    if (fill.Maker == settings.Account) Filled(step.Market, fill.Size);
                }

                break;
        }
    }

    private void Filled(MarketId market, long size)
    {
        if (!hedges.TryGetValue(market.Value, out var hedge)) return;
        if (hedge.Remaining <= size) hedges.Remove(market.Value);
        else hedges[market.Value] = hedge with { Remaining = hedge.Remaining - size };
    }

    private async Task RoundAsync(CancellationToken cancellation)
    {
        batchesSinceRound = 0;
        if (Stopwatch.GetTimestamp() < holdUntil) return;
        reads!.Invalidate();
        quotes!.Invalidate();
        Strategy.BeginRound();
        while (Strategy.Next(reads, quotes) is { } command)
        {
            Decisions.Add(command);
            if (settings.DryRun)
            {
                log.WriteLine($"dry run: would send {Engine.Wire.WireJson.Serialize(command)}");
                continue;
            }

            if (!await SendAsync(command, cancellation).ConfigureAwait(false)) return;
        }

        if (!settings.DryRun) await HedgeAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>Sends one command and feeds the stream up to it; false when sending is on hold (429/503).</summary>
    private async Task<bool> SendAsync(Command command, CancellationToken cancellation)
    {
        var interval = Stopwatch.Frequency / settings.MaxRequestsPerSecond;
        var wait = lastSend + interval - Stopwatch.GetTimestamp();
        if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellation).ConfigureAwait(false);
        lastSend = Stopwatch.GetTimestamp();
        var outcome = await api.SubmitAsync(command, cancellation).ConfigureAwait(false);
        var acknowledged = Stopwatch.GetTimestamp();
        metrics.Sent.WithLabels(command.Code.ToString(), outcome.Kind.ToString()).Inc();
        switch (outcome.Kind)
        {
            case SubmitKind.Acknowledged:
            case SubmitKind.Refused:
                React(command, acknowledged);
                if (outcome.Kind == SubmitKind.Refused)
                {
                    Ledger!.Refused(outcome.Reason ?? "unknown");
                    log.WriteLine($"refused {command.Code} (sequence {outcome.Sequence}): {outcome.Reason}");
                }
                else if (command is KeeperLiquidate liquidate)
                {
                    log.WriteLine($"liquidated account {liquidate.Account.Value} (sequence {outcome.Sequence})");
                }

                await ObserveThroughAsync(outcome.Sequence!.Value, cancellation).ConfigureAwait(false);
                reads!.Invalidate();
                quotes!.Invalidate();
                return true;
            case SubmitKind.RateLimited:
            case SubmitKind.Busy:
                holdUntil = Stopwatch.GetTimestamp() + (long)(outcome.RetryAfter.TotalSeconds * Stopwatch.Frequency);
                log.WriteLine($"{(outcome.Kind == SubmitKind.RateLimited ? "rate limited (429)" : "service busy (503)")}: holding all commands for {outcome.RetryAfter.TotalSeconds:0.###} s");
                return false;
            default:
                log.WriteLine($"{command.Code} failed: {outcome.Reason}");
                return true;
        }
    }

    private void React(Command command, long acknowledged)
    {
        long? since = command switch
        {
            KeeperLiquidate k when liquidatableSince.Remove(k.Account.Value, out var t) => t,
            TakeAuctionLot t when lotOpenedAt.Remove(t.Lot.Value, out var o) => o,
            _ => null,
        };
        if (since is not { } start) return;
        var seconds = (double)(acknowledged - start) / Stopwatch.Frequency;
        metrics.Reaction.Observe(seconds);
        reactions.Add(seconds * 1_000);
    }

    /// <summary>Feeds the stream's batches until <paramref name="sequence"/> was observed (the strategy's contract).</summary>
    private async Task ObserveThroughAsync(long sequence, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(ObserveTimeout);
        try
        {
            while (Ledger!.LastSequence < sequence && await feed!.Items.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
            {
                while (Ledger.LastSequence < sequence && feed.Items.TryRead(out var item))
                {
                    if (item.Batch is { } batch) Observe(batch);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            log.WriteLine($"the stream did not bring sequence {sequence} within {ObserveTimeout.TotalSeconds} s; deciding on");
        }
    }

    /// <summary>Lays off the inventory of each market with no hedge resting: one post-only order at the touch.</summary>
    private async Task HedgeAsync(CancellationToken cancellation)
    {
        for (var m = 0; m < reads!.MarketCount; m++)
        {
            var market = new MarketId(m);
            var held = Strategy.Inventory(market);
            var definition = reads.Market(market);
            var size = Math.Abs(held) - (Math.Abs(held) % definition.StepSize);
            if (size == 0 || hedges.ContainsKey(m) || reads.IsStale(market)) continue;
            var side = held > 0 ? Side.Sell : Side.Buy;
            var limit = TouchPrice(market, side, definition);
            if (limit is not { } price) continue;
            var order = new PlaceOrder(new OrderId(nextOrderId++), settings.Account, market, side, price, size);
            log.WriteLine($"hedging {size} of market {m}: {side} at {price.Units}");
            if (!await SendAsync(order, cancellation).ConfigureAwait(false)) return;
        }
    }

    /// <summary>The most aggressive price a post-only order may rest at: a tick inside the other side, never crossing it.</summary>
    private Price? TouchPrice(MarketId market, Side side, PerpetualMarket definition)
    {
        var book = quotes!.Book(market);
        var tick = definition.TickSize;
        if (side == Side.Sell)
        {
            var floor = book.Bids.Count > 0 ? book.Bids[0].Price.Units + tick : reads!.Mark(market).Units;
            var units = (floor + tick - 1) / tick * tick;
            return units > 0 ? new Price(units) : null;
        }

        var ceiling = book.Asks.Count > 0 ? book.Asks[0].Price.Units - tick : reads!.Mark(market).Units;
        var buy = ceiling / tick * tick;
        return buy > 0 ? new Price(buy) : null;
    }

    private readonly record struct RestingHedge(OrderId Order, long Remaining);
}
