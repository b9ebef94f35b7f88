using System.Diagnostics;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;

namespace MarginCall.Engine.Bench;

/// <summary>
/// Plain commands back to back through the sequencer, in equal parts: calm oracle updates (continuing the path, with
/// its time commands), 1 USDC deposits to random accounts, and one-step trades between a random short and a random
/// long of the same market that reduce both (so no trade needs a margin check to pass). The commands are generated
/// before the clock starts; only submit is timed. The path's time commands (one per round of ten price updates) run
/// in the same stream but are timed apart: they are not plain commands — each continues every liquidation in progress.
/// </summary>
internal static class ThroughputPhase
{
    private enum Kind : byte
    {
        Price,
        Deposit,
        Trade,
        Time,
    }

    public static ThroughputFigures Run(MarginEngine engine, PricePath path, int count, double volatility, ulong seed)
    {
        var commands = Generate(engine, path, count, volatility, seed);
        var events = new List<EngineEvent>(256);
        Span<long> ticks = stackalloc long[4];
        Span<long> counts = stackalloc long[4];
        long rejections = 0;
        var evaluations = engine.Evaluations;
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (command, kind) in commands)
        {
            events.Clear();
            var start = Stopwatch.GetTimestamp();
            engine.Submit(command, events);
            ticks[(int)kind] += Stopwatch.GetTimestamp() - start;
            counts[(int)kind]++;
            foreach (var e in events)
            {
                if (e is CommandRejected rejected)
                {
                    rejections++;
                    var key = rejected.Command + " " + rejected.Reason;
                    reasons[key] = reasons.GetValueOrDefault(key) + 1;
                }
            }
        }

        evaluations = engine.Evaluations - evaluations;

        var total = ticks[0] + ticks[1] + ticks[2];
        var plain = counts[0] + counts[1] + counts[2];
        double Rate(long n, long t) => t == 0 ? 0 : n / PathRun.Seconds(t);
        return new ThroughputFigures(
            plain,
            PathRun.Seconds(total),
            Rate(plain, total),
            Rate(counts[(int)Kind.Price], ticks[(int)Kind.Price]),
            Rate(counts[(int)Kind.Deposit], ticks[(int)Kind.Deposit]),
            Rate(counts[(int)Kind.Trade], ticks[(int)Kind.Trade]),
            evaluations / (double)Math.Max(1, commands.Count),
            counts[(int)Kind.Time],
            Rate(counts[(int)Kind.Time], ticks[(int)Kind.Time]),
            rejections,
            string.Join(", ", reasons.Select(r => $"{r.Key} × {r.Value}")));
    }

    private static List<(Command Command, Kind Kind)> Generate(MarginEngine engine, PricePath path, int count, double volatility, ulong seed)
    {
        var state = engine.State;
        var (longs, shorts) = ReducibleHolders(engine);
        var random = new BenchRandom(seed);
        var commands = new List<(Command, Kind)>(count + (count / 10));
        var ticks = new List<PriceTick>(1);
        var lastPrice = new long[BenchVenue.MarketCount];
        for (var m = 0; m < lastPrice.Length; m++)
        {
            lastPrice[m] = state.Marks.Market(new MarketId(m)).Units;
        }

        for (var i = 0; i < count; i++)
        {
            switch (i % 3)
            {
                case 0:
                    ticks.Clear();
                    path.Calm(1, volatility, ticks);
                    var tick = ticks[0];
                    if (tick.StartsRound)
                    {
                        commands.Add((new AdvanceTime(tick.TimeMs), Kind.Time));
                    }

                    commands.Add((tick.ToCommand(), Kind.Price));
                    lastPrice[tick.Market] = tick.Price;
                    break;
                case 1:
                    var account = state.Accounts[1 + random.Next(state.Accounts.Count - 1)].Id;
                    commands.Add((new Deposit(account, BenchVenue.Usdc, 1_000_000), Kind.Deposit));
                    break;
                default:
                    var m = random.Next(BenchVenue.MarketCount);
                    if (longs[m].Count == 0 || shorts[m].Count == 0)
                    {
                        goto case 1;
                    }

                    var (seller, sellerMode) = longs[m][random.Next(longs[m].Count)];
                    var (buyer, buyerMode) = shorts[m][random.Next(shorts[m].Count)];
                    var market = state.Venue.Markets[m];
                    commands.Add((new Trade(market.Id, buyer, seller, market.StepSize, new Price(lastPrice[m]), buyerMode, sellerMode), Kind.Trade));
                    break;
            }
        }

        return commands;
    }

    /// <summary>Per market, the holders (long, short) of at least 100 steps: a one-step trade only reduces them.</summary>
    private static (List<(AccountId, MarginMode)>[] Longs, List<(AccountId, MarginMode)>[] Shorts) ReducibleHolders(MarginEngine engine)
    {
        var longs = new List<(AccountId, MarginMode)>[BenchVenue.MarketCount];
        var shorts = new List<(AccountId, MarginMode)>[BenchVenue.MarketCount];
        for (var m = 0; m < longs.Length; m++)
        {
            longs[m] = [];
            shorts[m] = [];
        }

        var accounts = engine.State.Accounts;
        for (var slot = 1; slot < accounts.Count; slot++)
        {
            var account = accounts[slot];
            if (accounts.Risk(slot).State >= Liquidation.LiquidationState.Liquidatable)
            {
                continue;
            }

            foreach (ref readonly var p in account.Positions)
            {
                var step = engine.State.Venue.Market(p.Market).StepSize;
                if (Math.Abs(p.Size) >= 100 * step)
                {
                    (p.Size > 0 ? longs : shorts)[p.Market.Value].Add((account.Id, p.Mode));
                }
            }
        }

        return (longs, shorts);
    }
}
