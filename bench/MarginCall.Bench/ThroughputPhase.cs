using System.Diagnostics;
using System.Runtime.InteropServices;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Simulation.Randomness;

namespace MarginCall.Bench;

/// <summary>
/// Plain commands back to back through the sequencer: calm oracle updates (continuing the path, with its time
/// commands), 1 USDC deposits to random accounts, and one-step trades between a random short and a random long of the
/// same market that reduce both (so no trade needs a margin check to pass). First a mixed stream of the three in equal
/// parts (the headline rate), then one homogeneous stream of each kind (the per-kind rates).
/// <para>
/// Timing: a command costs well under a microsecond to a few, so two clock reads around each would weigh on what they
/// measure. Each stream is cut into runs of up to <see cref="RunLength"/> plain commands, and one clock pair times a
/// whole run. The path's time commands (one per round of ten price updates) end a run and are timed apart: they are
/// not plain commands — each continues every liquidation in progress. Commands are generated before the clock starts,
/// and the events of a run are checked for refusals after its clock stops.
/// </para>
/// </summary>
internal static class ThroughputPhase
{
    /// <summary>Plain commands per timed run: one clock pair per run is noise against ≥ 1,000 commands.</summary>
    private const int RunLength = 1_024;

    internal enum Kind : byte
    {
        Price,
        Deposit,
        Trade,
        Time,
    }

    public static ThroughputFigures Run(MarginEngine engine, PricePath path, int count, double volatility, Xoshiro256StarStar random)
    {
        var generator = new Generator(engine, path, volatility, random);
        var tally = new Tally();
        var evaluations = engine.Evaluations;
        var mixed = generator.Mixed(count);
        var (plain, ticks) = Submit(engine, mixed, tally);
        evaluations = engine.Evaluations - evaluations;

        // The same number of each kind as the mixed stream holds, each stream timed on its own.
        var perKind = count / 3;
        var priceEvaluations = engine.Evaluations;
        var priceStateChanges = tally.StateChanges;
        var prices = Submit(engine, generator.Prices(perKind), tally);
        priceEvaluations = engine.Evaluations - priceEvaluations;
        priceStateChanges = tally.StateChanges - priceStateChanges;
        var deposits = Submit(engine, generator.Deposits(perKind), tally);
        var trades = Submit(engine, generator.Trades(perKind), tally);

        return new ThroughputFigures(
            plain,
            PathRun.Seconds(ticks),
            Rate(plain, ticks),
            Rate(prices.Commands, prices.Ticks),
            Rate(deposits.Commands, deposits.Ticks),
            Rate(trades.Commands, trades.Ticks),
            evaluations / (double)Math.Max(1, mixed.Count),
            tally.TimeCommands,
            Rate(tally.TimeCommands, tally.TimeTicks),
            tally.Rejections,
            string.Join(", ", tally.Reasons.Select(r => $"{r.Key} × {r.Value}")),
            perKind,
            priceEvaluations / (double)Math.Max(1, prices.Commands),
            priceStateChanges / (double)Math.Max(1, prices.Commands));
    }

    private static double Rate(long commands, long stopwatchTicks) => stopwatchTicks == 0 ? 0 : commands / PathRun.Seconds(stopwatchTicks);

    /// <summary>Submits a stream; returns its plain commands and the stopwatch ticks they took (time commands apart, in <paramref name="tally"/>).</summary>
    private static (long Commands, long Ticks) Submit(MarginEngine engine, List<(Command Command, Kind Kind)> stream, Tally tally)
    {
        var commands = CollectionsMarshal.AsSpan(stream);
        var events = tally.Events;
        long plain = 0, ticks = 0;
        var i = 0;
        while (i < commands.Length)
        {
            if (commands[i].Kind == Kind.Time)
            {
                var timeStart = Stopwatch.GetTimestamp();
                engine.Submit(commands[i].Command, events);
                tally.TimeTicks += Stopwatch.GetTimestamp() - timeStart;
                tally.TimeCommands++;
                tally.Check();
                i++;
                continue;
            }

            var end = i;
            while (end < commands.Length && end - i < RunLength && commands[end].Kind != Kind.Time)
            {
                end++;
            }

            var start = Stopwatch.GetTimestamp();
            for (var j = i; j < end; j++)
            {
                engine.Submit(commands[j].Command, events);
            }

            ticks += Stopwatch.GetTimestamp() - start;
            plain += end - i;
            tally.Check();
            i = end;
        }

        return (plain, ticks);
    }

    /// <summary>Refusals and time commands over every stream; the events of the run in progress.</summary>
    private sealed class Tally
    {
        public List<EngineEvent> Events { get; } = new(4 * RunLength);

        public SortedDictionary<string, int> Reasons { get; } = new(StringComparer.Ordinal);

        public long Rejections { get; private set; }

        public long TimeCommands { get; set; }

        public long TimeTicks { get; set; }

        /// <summary>Account state transitions seen so far.</summary>
        public long StateChanges { get; private set; }

        /// <summary>Counts the refusals and state transitions among the run's events (outside the clock), then forgets the events.</summary>
        public void Check()
        {
            foreach (var e in Events)
            {
                if (e is LiquidationStateChanged)
                {
                    StateChanges++;
                }
                else if (e is CommandRejected rejected)
                {
                    Rejections++;
                    var key = rejected.Command + " " + rejected.Reason;
                    Reasons[key] = Reasons.GetValueOrDefault(key) + 1;
                }
            }

            Events.Clear();
        }
    }

    /// <summary>The streams' commands, drawn from one seeded generator in a fixed order (deterministic for a seed).</summary>
    internal sealed class Generator
    {
        private readonly MarginEngine engine;
        private readonly PricePath path;
        private readonly double volatility;
        private readonly long[] lastPrice = new long[BenchVenue.MarketCount];
        private readonly List<PriceTick> ticks = new(1);
        private readonly Xoshiro256StarStar random;

        public Generator(MarginEngine engine, PricePath path, double volatility, Xoshiro256StarStar random)
        {
            this.engine = engine;
            this.path = path;
            this.volatility = volatility;
            this.random = random;
            for (var m = 0; m < lastPrice.Length; m++)
            {
                lastPrice[m] = engine.View.Mark(new MarketId(m)).Units;
            }
        }

        /// <summary>Price updates, deposits and trades in turn (a market without holders on both sides gets a deposit instead).</summary>
        public List<(Command Command, Kind Kind)> Mixed(int count)
        {
            var (longs, shorts) = ReducibleHolders(engine);
            var commands = new List<(Command, Kind)>(count + (count / 10));
            for (var i = 0; i < count; i++)
            {
                switch (i % 3)
                {
                    case 0:
                        AddPrice(commands);
                        break;
                    case 1:
                        AddDeposit(commands);
                        break;
                    default:
                        if (!TryAddTrade(commands, longs, shorts))
                        {
                            AddDeposit(commands);
                        }

                        break;
                }
            }

            return commands;
        }

        public List<(Command Command, Kind Kind)> Prices(int count)
        {
            var commands = new List<(Command, Kind)>(count + (count / 10) + 1);
            for (var i = 0; i < count; i++)
            {
                AddPrice(commands);
            }

            return commands;
        }

        public List<(Command Command, Kind Kind)> Deposits(int count)
        {
            var commands = new List<(Command, Kind)>(count);
            for (var i = 0; i < count; i++)
            {
                AddDeposit(commands);
            }

            return commands;
        }

        /// <summary>Trades only (holders taken afresh: the streams before may have moved accounts out of reach).</summary>
        public List<(Command Command, Kind Kind)> Trades(int count)
        {
            var (longs, shorts) = ReducibleHolders(engine);
            var commands = new List<(Command, Kind)>(count);
            var attempts = 0;
            while (commands.Count < count && attempts++ < 100 * Math.Max(count, 1))
            {
                TryAddTrade(commands, longs, shorts);
            }

            return commands;
        }

        private void AddPrice(List<(Command, Kind)> commands)
        {
            ticks.Clear();
            path.Calm(1, volatility, ticks);
            var tick = ticks[0];
            if (tick.StartsRound)
            {
                commands.Add((new AdvanceTime(new EngineTime(tick.TimeMs)), Kind.Time));
            }

            commands.Add((tick.ToCommand(), Kind.Price));
            lastPrice[tick.Market] = tick.Price;
        }

        private void AddDeposit(List<(Command, Kind)> commands)
        {
            var view = engine.View;
            var account = view.Account(1 + random.NextInt(view.AccountCount - 1)).Id;
            commands.Add((new Deposit(account, BenchVenue.Usdc, new Quantums(1_000_000)), Kind.Deposit));
        }

        private bool TryAddTrade(List<(Command, Kind)> commands, List<(AccountId, MarginMode)>[] longs, List<(AccountId, MarginMode)>[] shorts)
        {
            var m = random.NextInt(BenchVenue.MarketCount);
            if (longs[m].Count == 0 || shorts[m].Count == 0)
            {
                return false;
            }

            var (seller, sellerMode) = longs[m][random.NextInt(longs[m].Count)];
            var (buyer, buyerMode) = shorts[m][random.NextInt(shorts[m].Count)];
            var market = engine.View.Venue.Markets[m];
            commands.Add((new Trade(market.Id, buyer, seller, market.StepSize, new Price(lastPrice[m]), buyerMode, sellerMode), Kind.Trade));
            return true;
        }
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

        var view = engine.View;
        for (var ordinal = 1; ordinal < view.AccountCount; ordinal++)
        {
            var account = view.Account(ordinal);
            if (account.State >= LiquidationState.Liquidatable)
            {
                continue;
            }

            foreach (ref readonly var p in account.Positions)
            {
                var step = view.Venue.Market(p.Market).StepSize;
                if (Math.Abs(p.Size) >= 100 * step)
                {
                    (p.Size > 0 ? longs : shorts)[p.Market.Value].Add((account.Id, p.Mode));
                }
            }
        }

        return (longs, shorts);
    }
}
