using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Risk;
using MarginCall.Keeper.Reads;
using MarginCall.Keeper.Strategy;
using MarginCall.Simulation.Liquidity;
using BookSide = MarginCall.Simulation.Liquidity.BookSide;
using MarginCall.Simulation.Population;
using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Randomness;
using MarginCall.Simulation.Reporting;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Running;

/// <summary>
/// One run of a scenario against a fresh <see cref="MarginEngine"/>, driven only through commands. Per step:
/// the price process advances; each market's impact offset decays; time advances in the engine (continuing
/// liquidations in progress); the market maker requotes around the new mid if needed; the oracle price
/// (fundamental × impact) is published; the keeper (<see cref="KeeperStrategy"/>) acts on what the events told it;
/// liquidation fills are read back from the engine's events, taken out of the depth model and turned into impact for
/// the next step; the book refills. Every event is fed, in order, to the market makers and the keeper. Everything the engine decides —
/// who is liquidatable, how much, at what price, the fee, the waterfall — is the engine's.
/// </summary>
public sealed partial class SimulationRun
{
    /// <summary>Id of the market-maker account that provides the book's liquidity and takes the population's other side.</summary>
    public static readonly AccountId MarketMakerAccount = new(0);

    private readonly LoadedScenario loaded;
    private readonly Scenario scenario;
    private readonly RunOptions options;
    private readonly ulong seed;
    private readonly Venue venue;
    private readonly MarginEngine engine;
    private readonly ObservedEngine input;
    private readonly PriceProcess process;
    private readonly VolumeCalibration?[] calibrations;
    private readonly MarketMaker[] makers;
    private readonly MarketImpact[] impacts;
    private readonly StepFills[] stepFills;
    private readonly double[] appliedBidDepletion;
    private readonly double[] appliedAskDepletion;
    private readonly double[] fundamental;
    private readonly double[] oracle;
    private readonly int[] priceDecimals;
    private readonly List<EngineEvent> events = new(256);
    private readonly List<TimelineRow> timeline = [];
    private readonly SortedDictionary<string, long> eventCounts = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> rejections = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> setupRejections = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> typeNames = [];
    private readonly double quoteUnit;
    private byte[] flags = [];
    private KeeperStrategy[] keepers = [];
    private KeeperTally[] keeperTallies = [];
    private long keeperSteps;
    private long keeperStepsBelowCost;
    private long keeperStepsEmpty;
    private long takeoversBelowFloor;
    private EngineViewReads? keeperReads;
    private MakerHedgeQuotes? hedgeQuotes;
    private double keeperCapital;
    private int eventsObserved;
    private readonly bool[] hedged;
    private int populationAccounts;
    private int accountsCreated;
    private int positionsOpened;
    private int positionsRefused;

    // Running figures (report units).
    private double bookNotional;
    private long bookFills;
    private long bookSteps;
    private double feesTotal;
    private readonly SortedDictionary<string, long> sizingRules = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (long Steps, long Fills, double Notional)> stages = new(StringComparer.Ordinal);
    private readonly List<int> inLiquidation = [];
    private double otherStagesNotional;
    private double absorbedShortfall;
    private double backstopLoss;
    private double socializedLoss;
    private double slippage;
    private double feesToFund;
    private double fundBalance;
    private double fundStart;
    private double fundPeak;
    private double fundMinimum;
    private double fundDrawdown;
    private double peakBadDebt;
    private int intervalImpactTriggered;
    private double intervalLiquidated;
    private int cascadeRun;
    private int maxCascade;
    private int cascadeSteps;
    private double[] minPrice = [];
    private double[] maxPrice = [];
    private double[] maxImpact = [];

    private const byte EverLiquidated = 1;
    private const byte EverBankrupt = 2;
    private const byte Saved = 4;
    private const byte ImpactTriggered = 8;

    /// <summary>Builds the venue, engine, process, population and book (no step runs yet).</summary>
    /// <exception cref="ScenarioException">A file the scenario names is missing or malformed.</exception>
    public SimulationRun(LoadedScenario loaded, RunOptions? options = null)
    {
        this.loaded = loaded;
        scenario = loaded.Scenario;
        this.options = options ?? new RunOptions();
        seed = this.options.Seed ?? scenario.Seed;
        venue = VenueFactory.Create(scenario);
        engine = new MarginEngine(venue, scenario.EngineSettings.ToOptions());
        input = new ObservedEngine(engine, this.options.CommandSubmitted);
        process = PriceProcessFactory.Create(loaded, new Xoshiro256StarStar(seed, 2));
        calibrations = MarketLiquidity.Calibrations(loaded);
        var n = scenario.Markets.Count;
        fundamental = new double[n];
        oracle = new double[n];
        priceDecimals = [.. scenario.Markets.Select(m => m.PriceDecimals)];
        impacts = new MarketImpact[n];
        makers = new MarketMaker[n];
        stepFills = new StepFills[n];
        appliedBidDepletion = new double[n];
        hedged = new bool[n];
        appliedAskDepletion = new double[n];
        quoteUnit = Math.Pow(10, scenario.Quote.Decimals);
    }

    /// <summary>The engine (for inspection after the run).</summary>
    public MarginEngine Engine => engine;

    /// <summary>Runs every step and returns the result.</summary>
    public RunResult Run()
    {
        Setup();
        var steps = scenario.StepCount;
        var every = scenario.TimelineEverySteps ?? Math.Max(1, steps / 2000);
        var progressEvery = Math.Max(1, steps / 100);
        for (var step = 1; step <= steps; step++)
        {
            Step(step);
            if (options.KeepTimeline && (step % every == 0 || step == steps))
            {
                Sample(step);
            }

            if (options.Progress is { } progress && (step % progressEvery == 0 || step == steps))
            {
                progress(step, steps);
            }
        }

        return new RunResult(Summarize(steps), timeline, [.. scenario.Markets.Select(m => m.Symbol)]);
    }

    private void Step(int step)
    {
        var dt = scenario.StepSeconds;
        var time = step * dt;
        var timeMs = (long)Math.Round(time * 1000);
        process.Advance(time, dt, fundamental);
        for (var m = 0; m < oracle.Length; m++)
        {
            impacts[m].Decay(dt);
            oracle[m] = fundamental[m] * impacts[m].Factor;
        }

        events.Clear();
        eventsObserved = 0;
        var fills = stepFills;
        for (var m = 0; m < fills.Length; m++)
        {
            fills[m] = StepFills.Empty;
        }

        // Liquidations continue on the time advance too: read their fills before the quotes are replaced.
        input.Submit(new AdvanceTime(new EngineTime(timeMs)), events);
        for (var m = 0; m < oracle.Length; m++)
        {
            ObserveEvents();
            makers[m].CollectFills(ref fills[m]);
            FollowDepth(m);
            makers[m].MaybeQuote(input, oracle[m], events);
        }

        for (var m = 0; m < oracle.Length; m++)
        {
            input.Submit(new OraclePrice(new MarketId(m), OraclePriceOf(m), new EngineTime(timeMs)), events);
        }

        if (keepers.Length > 0)
        {
            // The keepers price against the book the engine's liquidations left: collect their fills first.
            ObserveEvents();
            for (var m = 0; m < oracle.Length; m++)
            {
                makers[m].CollectFills(ref fills[m]);
                hedged[m] = false;
            }

            // They compete: each step a different keeper moves first (round robin), and a step or lot one of them takes
            // is gone for the others (they see its events before they decide).
            for (var k = 0; k < keepers.Length; k++)
            {
                ActKeeper(keepers[(step + k) % keepers.Length]);
            }

            for (var m = 0; m < oracle.Length; m++)
            {
                if (hedged[m])
                {
                    makers[m].Quote(input, oracle[m], events); // the hedge's depth is gone from the engine's book too
                }
            }
        }

        for (var m = 0; m < oracle.Length; m++)
        {
            ObserveEvents();
            makers[m].CollectFills(ref fills[m]);
            FollowDepth(m);
            makers[m].Depth.Refill();
            minPrice[m] = Math.Min(minPrice[m], oracle[m]);
            maxPrice[m] = Math.Max(maxPrice[m], oracle[m]);
            maxImpact[m] = Math.Max(maxImpact[m], Math.Abs(impacts[m].Factor - 1));
        }

        ObserveEvents();
        Observe();
        OnFund();
        peakBadDebt = Math.Max(peakBadDebt, absorbedShortfall);
    }

    /// <summary>Feeds the events not seen yet, in order, to the market makers and the keeper.</summary>
    private void ObserveEvents()
    {
        for (; eventsObserved < events.Count; eventsObserved++)
        {
            var e = events[eventsObserved];
            foreach (var maker in makers)
            {
                maker.Observe(e);
            }

            foreach (var keeper in keepers)
            {
                keeper.Observe(e);
            }
        }
    }

    /// <summary>
    /// One round of a keeper: submits each command it decides on and feeds it the events before it decides again; each
    /// take is laid off at once by a <see cref="Trade"/> with the market maker at the average price of sweeping the
    /// modelled depth, which is taken out of the model (the market maker then requotes, so the engine's book shows it
    /// and impact follows).
    /// </summary>
    private void ActKeeper(KeeperStrategy strategy)
    {
        strategy.BeginRound();
        while (strategy.Next(keeperReads!, hedgeQuotes!) is { } command)
        {
            input.Submit(command, events);
            ObserveEvents();
            while (strategy.TryTakeFill(out var fill))
            {
                Hedge(strategy.Account, fill);
            }
        }
    }

    private void Hedge(AccountId keeperAccount, KeeperFill fill)
    {
        var m = fill.Market.Value;
        var market = venue.Market(fill.Market);
        var sweep = makers[m].Depth.Sweep(fill.HedgeSide == Side.Sell ? BookSide.Bid : BookSide.Ask, fill.Size, oracle[m]);
        var hedgePrice = LedgerConversion.ToPrice(sweep.AveragePrice, market.PriceDecimals, market.TickSize);
        input.Submit(
            fill.LiquidatingLong
                ? new Trade(fill.Market, MarketMakerAccount, keeperAccount, sweep.Filled, hedgePrice)
                : new Trade(fill.Market, keeperAccount, MarketMakerAccount, sweep.Filled, hedgePrice),
            events);
        ObserveEvents();
        hedged[m] = true;
    }

    /// <summary>
    /// Moves the market's impact offset by the part of the book's depletion not applied yet: down when fills emptied
    /// more bid levels, up when they emptied more ask levels. Depletion that shrinks (refilled quotes) only moves the
    /// reference. Depletion is read from the orders actually resting in the engine's book.
    /// </summary>
    private void FollowDepth(int m)
    {
        var bid = makers[m].Depletion(BookSide.Bid);
        var ask = makers[m].Depletion(BookSide.Ask);
        if (bid < appliedBidDepletion[m])
        {
            impacts[m].Shift(bid - appliedBidDepletion[m]);
        }

        if (ask > appliedAskDepletion[m])
        {
            impacts[m].Shift(ask - appliedAskDepletion[m]);
        }

        appliedBidDepletion[m] = bid;
        appliedAskDepletion[m] = ask;
    }

    private Price OraclePriceOf(int market) =>
        LedgerConversion.ToPrice(oracle[market], priceDecimals[market], venue.Market(new MarketId(market)).TickSize);

    /// <summary>Submits a setup command; returns false (and counts the reason) when the engine refused it.</summary>
    private bool Submit(Command command, SortedDictionary<string, long> refusals)
    {
        events.Clear();
        input.Submit(command, events);
        return CountRejections(refusals) == 0;
    }

    private int CountRejections(SortedDictionary<string, long> refusals)
    {
        var count = 0;
        foreach (var e in events)
        {
            if (e is CommandRejected r)
            {
                var key = $"{r.Command}: {r.Reason}";
                refusals[key] = refusals.GetValueOrDefault(key) + 1;
                count++;
            }
        }

        events.Clear();
        return count;
    }
}
