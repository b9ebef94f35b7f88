using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Risk;
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
/// (fundamental × impact) is published; liquidation fills are read back from the engine's book, taken out of the
/// depth model and turned into impact for the next step; the book refills. Everything the engine decides —
/// who is liquidatable, how much, at what price, the fee, the waterfall — is the engine's.
/// </summary>
public sealed class SimulationRun
{
    /// <summary>Id of the market-maker account that provides the book's liquidity and takes the population's other side.</summary>
    public static readonly AccountId MarketMakerAccount = new(0);

    private readonly LoadedScenario loaded;
    private readonly Scenario scenario;
    private readonly RunOptions options;
    private readonly ulong seed;
    private readonly Venue venue;
    private readonly MarginEngine engine;
    private readonly PriceProcess process;
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
    private Keeper? keeper;
    private double keeperCapital;
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
    private readonly Dictionary<long, MarketId> lotMarkets = [];
    private double otherStagesNotional;
    private double absorbedShortfall;
    private double backstopLoss;
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

    /// <summary>Quote quantums per whole quote unit are 10^decimals; the cushion is one whole unit.</summary>
    private long CrossCushion => (long)FixedPoint.Pow10(scenario.Quote.Decimals);

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
        process = PriceProcessFactory.Create(loaded, new Xoshiro256StarStar(seed, 2));
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

    private void Setup()
    {
        var n = scenario.Markets.Count;
        process.Initial(fundamental);
        fundamental.CopyTo(oracle, 0);
        minPrice = [.. fundamental];
        maxPrice = [.. fundamental];
        maxImpact = new double[n];
        if (scenario.InsuranceFund > 0)
        {
            var fund = scenario.EngineSettings.Parameters?.InsuranceFund ?? 0;
            Submit(new FundInsurance(fund, LedgerConversion.ToQuantums(scenario.InsuranceFund, scenario.Quote.Decimals).Value), setupRejections);
        }

        if (scenario.EngineSettings.ExecutionCost is { } cost)
        {
            Submit(new SetExecutionCost(cost), setupRejections);
        }

        for (var m = 0; m < n; m++)
        {
            Submit(new OraclePrice(new MarketId(m), OraclePriceOf(m), 0), setupRejections);
        }

        var plan = scenario.Population.File is { } file
            ? PopulationCsv.Load(loaded.Resolve(file), [.. scenario.Markets.Select(m => m.Symbol)])
            : PopulationGenerator.Generate(scenario.Population, n, new Xoshiro256StarStar(seed, 1));
        populationAccounts = plan.Count;
        OpenPopulation(plan);
        for (var m = 0; m < n; m++)
        {
            var spec = scenario.Markets[m].Liquidity ?? scenario.Liquidity;
            var market = venue.Market(new MarketId(m));
            var profile = DepthProfile.Ladder(spec.Levels, spec.LevelSpacingBps, spec.NotionalPerLevel, spec.GrowthPerLevel, fundamental[m], market.SizeDecimals, market.StepSize);
            makers[m] = new MarketMaker(market, MarketMakerAccount, new BookDepth(profile, spec.RefillPerStep, market.StepSize));
            impacts[m] = new MarketImpact(spec.ImpactPermanence, spec.ImpactHalfLifeSeconds ?? double.PositiveInfinity);
            makers[m].Quote(engine, oracle[m], events);
            CountRejections(setupRejections);
        }

        if (scenario.Keeper.Enabled)
        {
            var id = new AccountId(engine.State.Accounts.Count == 0 ? 1 : MaxAccountId() + 1);
            Submit(new CreateAccount(id, "keeper"), setupRejections);
            accountsCreated++;
            Submit(new Deposit(id, venue.Quote.Id, LedgerConversion.ToQuantums(keeperCapital, scenario.Quote.Decimals).Value), setupRejections);
            keeper = new Keeper(id, scenario.Keeper.MinProfit);
        }

        fundBalance = fundStart = fundPeak = fundMinimum = TotalInsuranceFund();
        flags = new byte[engine.State.Accounts.Count];
        if (options.KeepTimeline)
        {
            Sample(0);
        }
    }

    /// <summary>
    /// Opens the population against the market maker at the initial prices, one engine account per planned account.
    /// Collateral is notional / leverage, raised to the initial requirement (+1 quantum) when the leverage exceeds what
    /// the notional's tier allows. Cross collateral is deposited; an isolated position's margin is deposited and moved
    /// into the position by the opening trade itself.
    /// </summary>
    private void OpenPopulation(IReadOnlyList<PlannedAccount> plan)
    {
        var quote = venue.Quote.Id;
        var decimals = scenario.Quote.Decimals;
        var totalNotional = plan.Sum(a => a.Positions.Sum(p => p.Notional));
        keeperCapital = totalNotional + 1_000_000;
        Submit(new CreateAccount(MarketMakerAccount, "market-maker"), setupRejections);
        Submit(new Deposit(MarketMakerAccount, quote, LedgerConversion.ToQuantums((2 * totalNotional) + 1_000_000, decimals).Value), setupRejections);
        accountsCreated = 1;
        foreach (var account in plan)
        {
            var id = new AccountId(account.Owner);
            Submit(new CreateAccount(id, $"trader-{account.Owner}"), setupRejections);
            accountsCreated++;
            var sized = new List<(PlannedPosition Plan, long Size, long Margin)>();
            var deposit = 0L;
            foreach (var position in account.Positions)
            {
                var market = venue.Market(new MarketId(position.Market));
                var size = LedgerConversion.ToQuantums(position.Notional / fundamental[position.Market], market.SizeDecimals, market.StepSize).Value;
                if (size == 0)
                {
                    continue;
                }

                var notional = market.Scale.Notional(size, OraclePriceOf(position.Market));
                var wanted = LedgerConversion.ToQuantums(position.Notional / position.Leverage, decimals).Value;
                var margin = Math.Max(wanted, market.Margin.InitialRequirement(notional).Value + 1);
                sized.Add((position, size, margin));
                deposit += margin;
            }

            if (deposit > 0)
            {
                // One quote unit stays in the cross pool beyond what the positions need. Besides being what traders
                // do, it keeps the cross pool of an isolated-only account off its threshold (equity 0 = requirement 0),
                // where the engine's candidate index would re-examine the account at every price move.
                Submit(new Deposit(id, quote, deposit + CrossCushion), setupRejections);
            }

            foreach (var (position, size, margin) in sized)
            {
                var marketId = new MarketId(position.Market);
                var price = OraclePriceOf(position.Market);
                var isolated = position.Mode == MarginMode.Isolated ? margin : 0;
                var trade = position.IsLong
                    ? new Trade(marketId, id, MarketMakerAccount, size, price, BuyerMode: position.Mode, BuyerIsolatedMargin: isolated)
                    : new Trade(marketId, MarketMakerAccount, id, size, price, SellerMode: position.Mode, SellerIsolatedMargin: isolated);
                if (Submit(trade, setupRejections))
                {
                    positionsOpened++;
                }
                else
                {
                    positionsRefused++;
                }
            }
        }
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
        var fills = stepFills;
        for (var m = 0; m < fills.Length; m++)
        {
            fills[m] = StepFills.Empty;
        }

        // Liquidations continue on the time advance too: read their fills before the quotes are replaced.
        engine.Submit(new AdvanceTime(timeMs), events);
        for (var m = 0; m < oracle.Length; m++)
        {
            makers[m].CollectFills(engine, ref fills[m]);
            FollowDepth(m);
            makers[m].MaybeQuote(engine, oracle[m], events);
        }

        for (var m = 0; m < oracle.Length; m++)
        {
            engine.Submit(new OraclePrice(new MarketId(m), OraclePriceOf(m), timeMs), events);
        }

        if (keeper is not null)
        {
            // The keeper prices against the book the engine's liquidations left: collect their fills first.
            for (var m = 0; m < oracle.Length; m++)
            {
                makers[m].CollectFills(engine, ref fills[m]);
                hedged[m] = false;
            }

            keeper.Act(engine, makers, MarketMakerAccount, oracle, events, hedged);
            for (var m = 0; m < oracle.Length; m++)
            {
                if (hedged[m])
                {
                    makers[m].Quote(engine, oracle[m], events); // the hedge's depth is gone from the engine's book too
                }
            }
        }

        for (var m = 0; m < oracle.Length; m++)
        {
            makers[m].CollectFills(engine, ref fills[m]);
            FollowDepth(m);
            makers[m].Depth.Refill();
            minPrice[m] = Math.Min(minPrice[m], oracle[m]);
            maxPrice[m] = Math.Max(maxPrice[m], oracle[m]);
            maxImpact[m] = Math.Max(maxImpact[m], Math.Abs(impacts[m].Factor - 1));
        }

        Observe();
        OnFund();
        peakBadDebt = Math.Max(peakBadDebt, absorbedShortfall);
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

    /// <summary>Reads the step's events: counts, state transitions, fund movements, and the cascade measure.</summary>
    private void Observe()
    {
        var triggered = 0;
        PriceSet? counterfactual = null;
        foreach (var e in events)
        {
            var type = e.GetType();
            if (!typeNames.TryGetValue(type, out var name))
            {
                typeNames[type] = name = type.Name;
            }

            eventCounts[name] = eventCounts.GetValueOrDefault(name) + 1;
            switch (e)
            {
                case CommandRejected r:
                    var reason = r.Reason.ToString();
                    rejections[reason] = rejections.GetValueOrDefault(reason) + 1;
                    break;
                case LiquidationStep step:
                    OnLiquidationStep(step);
                    break;
                case AuctionLotTaken lot:
                    AddStage("auction", MarketOfLot(lot), lot.Size, lot.Price);
                    AddSlippage(MarketOfLot(lot), lot.Size, lot.Price);
                    break;
                case BackstopTakeover takeover:
                    AddStage("backstop", takeover.Market, takeover.Size, takeover.Price);
                    absorbedShortfall += Math.Max(0, -takeover.EquityBefore.Value) / quoteUnit;
                    backstopLoss += Math.Max(0, -takeover.FundEquityDelta.Value) / quoteUnit;
                    break;
                case Deleveraged adl:
                    AddStage("adl", adl.Market, adl.Size, adl.Price);
                    break;
                case SocializedLoss loss:
                    AddStageNotional("socializedLoss", loss.Collected.Value / quoteUnit);
                    break;
                case AuctionLotOpened opened:
                    lotMarkets[opened.Lot] = opened.Market;
                    break;
                case LiquidationStateChanged s:
                    if (OnStateChange(s, ref counterfactual))
                    {
                        triggered++;
                    }

                    break;
            }
        }

        intervalImpactTriggered += triggered;
        if (triggered > 0)
        {
            cascadeSteps++;
            cascadeRun++;
            maxCascade = Math.Max(maxCascade, cascadeRun);
        }
        else
        {
            cascadeRun = 0;
        }
    }

    private MarketId MarketOfLot(AuctionLotTaken lot) => lotMarkets.GetValueOrDefault(lot.Lot);

    /// <summary>Adds one execution of size × price to a waterfall stage's totals.</summary>
    private void AddStage(string stage, MarketId market, long size, Price price)
    {
        var value = LedgerConversion.ToDouble(venue.Market(market).Scale.Notional(size, price), scenario.Quote.Decimals);
        AddStageNotional(stage, value);
    }

    /// <summary>|price − mark| × size: what a liquidated account paid for immediacy, in quote units.</summary>
    private void AddSlippage(MarketId market, long size, Price price)
    {
        var spec = venue.Market(market);
        var mark = engine.State.Marks.Market(market);
        slippage += Math.Abs(size) / Math.Pow(10, spec.SizeDecimals) * Math.Abs(LedgerConversion.ToDouble(price, spec.PriceDecimals) - LedgerConversion.ToDouble(mark, spec.PriceDecimals));
    }

    private void AddStageNotional(string stage, double notional)
    {
        var (steps, fills, total) = stages.GetValueOrDefault(stage);
        stages[stage] = (steps + 1, fills + 1, total + notional);
        otherStagesNotional += notional;
        intervalLiquidated += notional;
    }

    /// <summary>A book-stage liquidation step: its fills, slippage against the mark it used, and its fee split.</summary>
    private void OnLiquidationStep(LiquidationStep step)
    {
        var rule = step.Sizing.Rule.ToString();
        sizingRules[rule] = sizingRules.GetValueOrDefault(rule) + 1;
        if (step.Filled == 0)
        {
            return;
        }

        var market = venue.Market(step.Market);
        var notional = step.FilledNotional.Value / quoteUnit;
        bookFills += step.Fills.Count;
        bookSteps++;
        bookNotional += notional;
        intervalLiquidated += notional;
        var mark = LedgerConversion.ToDouble(step.Mark, market.PriceDecimals);
        var unit = Math.Pow(10, market.SizeDecimals);
        foreach (var fill in step.Fills)
        {
            slippage += fill.Size / unit * Math.Abs(LedgerConversion.ToDouble(fill.Price, market.PriceDecimals) - mark);
        }

        feesTotal += step.Fee.Fee.Value / quoteUnit;
        feesToFund += step.Fee.InsuranceShare.Value / quoteUnit;
    }

    private void OnFund()
    {
        fundBalance = TotalInsuranceFund();

        fundPeak = Math.Max(fundPeak, fundBalance);
        fundMinimum = Math.Min(fundMinimum, fundBalance);
        fundDrawdown = Math.Max(fundDrawdown, fundPeak - fundBalance);
    }

    /// <summary>Records a transition; returns whether it is an impact-triggered entry into liquidation.</summary>
    private bool OnStateChange(LiquidationStateChanged s, ref PriceSet? counterfactual)
    {
        var slot = engine.State.Accounts.SlotOf(s.Account);
        if (slot <= 0 || slot > populationAccounts)
        {
            return false; // the market maker or the keeper
        }

        if (s.To == LiquidationState.Bankrupt)
        {
            flags[slot] |= EverBankrupt;
        }

        if (s.From >= LiquidationState.Liquidatable && s.To < LiquidationState.Liquidatable && engine.State.Accounts[slot].Positions.Length > 0)
        {
            flags[slot] |= Saved;
        }

        if (s.From >= LiquidationState.Liquidatable || s.To < LiquidationState.Liquidatable)
        {
            return false;
        }

        flags[slot] |= EverLiquidated;
        counterfactual ??= ImpactFreeMarks();
        if (counterfactual is null)
        {
            return false; // no impact anywhere: the exogenous price did it
        }

        var view = RiskEvaluator.Evaluate(venue, counterfactual, engine.State.Accounts[slot], engine.State.Thresholds);
        if (view.IsLiquidatable)
        {
            return false;
        }

        flags[slot] |= ImpactTriggered;
        return true;
    }

    /// <summary>The engine's marks with each market's liquidation impact divided out; null when no market has impact.</summary>
    private PriceSet? ImpactFreeMarks()
    {
        PriceSet? marks = null;
        for (var m = 0; m < impacts.Length; m++)
        {
            if (impacts[m].LogOffset == 0)
            {
                continue;
            }

            marks ??= engine.State.Marks.Clone();
            var id = new MarketId(m);
            var mark = LedgerConversion.ToDouble(engine.State.Marks.Market(id), priceDecimals[m]);
            marks.SetMarket(id, LedgerConversion.ToPrice(mark / impacts[m].Factor, priceDecimals[m], venue.Market(id).TickSize));
        }

        return marks;
    }

    private void Sample(int step)
    {
        var state = engine.State;
        var n = oracle.Length;
        Span<long> longs = stackalloc long[n];
        longs.Clear();
        Span<int> counts = stackalloc int[5];
        counts.Clear();
        for (var slot = 0; slot < state.Accounts.Count; slot++)
        {
            foreach (ref readonly var position in state.Accounts[slot].Positions)
            {
                if (position.Size > 0)
                {
                    longs[position.Market.Value] += position.Size;
                }
            }

            if (slot > 0 && slot <= populationAccounts)
            {
                counts[(int)state.Accounts.Risk(slot).State]++;
            }
        }

        var badDebt = absorbedShortfall + UnresolvedShortfall();
        peakBadDebt = Math.Max(peakBadDebt, badDebt);
        var marks = new double[n];
        var openInterest = 0.0;
        for (var m = 0; m < n; m++)
        {
            var id = new MarketId(m);
            marks[m] = LedgerConversion.ToDouble(state.Marks.Market(id), priceDecimals[m]);
            openInterest += longs[m] / Math.Pow(10, venue.Market(id).SizeDecimals) * marks[m];
        }

        timeline.Add(new TimelineRow(
            step,
            step * scenario.StepSeconds,
            [.. fundamental],
            [.. oracle],
            marks,
            openInterest,
            counts[(int)LiquidationState.Healthy],
            counts[(int)LiquidationState.MarginCall],
            counts[(int)LiquidationState.Liquidatable],
            counts[(int)LiquidationState.InLiquidation],
            counts[(int)LiquidationState.Bankrupt],
            intervalLiquidated,
            bookNotional + otherStagesNotional,
            fundBalance,
            badDebt,
            intervalImpactTriggered));
        intervalLiquidated = 0;
        intervalImpactTriggered = 0;
    }

    private RunSummary Summarize(int steps)
    {
        int liquidated = 0, bankrupt = 0, saved = 0, triggered = 0;
        foreach (var f in flags)
        {
            triggered += (f & ImpactTriggered) != 0 ? 1 : 0;
            liquidated += (f & EverLiquidated) != 0 ? 1 : 0;
            bankrupt += (f & EverBankrupt) != 0 ? 1 : 0;
            saved += (f & (Saved | EverBankrupt)) == Saved ? 1 : 0;
        }

        var keeperRewards = engine.State.KeeperRewards.Values.Sum() / quoteUnit;
        var shortfall = UnresolvedShortfall();
        return new RunSummary
        {
            Scenario = scenario.Name,
            Seed = seed,
            Steps = steps,
            StepSeconds = scenario.StepSeconds,
            Accounts = populationAccounts,
            Setup = new SetupSummary(accountsCreated, positionsOpened, positionsRefused, setupRejections),
            BadDebt = absorbedShortfall + shortfall,
            AbsorbedShortfall = absorbedShortfall,
            BackstopLoss = backstopLoss,
            BookedBadDebt = engine.State.BadDebt / quoteUnit,
            UnresolvedShortfall = shortfall,
            PeakBadDebt = Math.Max(peakBadDebt, absorbedShortfall + shortfall),
            InsuranceFund = new FundSummary(fundStart, fundBalance, fundMinimum, fundDrawdown),
            AccountsLiquidated = liquidated,
            AccountsBankrupt = bankrupt,
            AccountsSavedByPartialLiquidation = saved,
            LiquidationsByStage = Stages(),
            LiquidatedNotional = bookNotional + otherStagesNotional,
            SlippagePaid = slippage,
            LiquidationFees = feesTotal,
            FeesToInsuranceFund = feesToFund,
            KeeperRewards = keeperRewards,
            MaxCascadeDepth = maxCascade,
            CascadeSteps = cascadeSteps,
            ImpactTriggeredAccounts = triggered,
            Markets = [.. scenario.Markets.Select((m, i) => new MarketSummary(m.Symbol, timeline.Count > 0 ? timeline[0].Oracle[i] : minPrice[i], oracle[i], minPrice[i], maxPrice[i], maxImpact[i]))],
            SizingRules = sizingRules,
            EngineEvents = eventCounts,
            Rejections = rejections,
        };
    }

    /// <summary>
    /// Σ −equity over every pool (cross, and each isolated position) with negative equity, in quote units: loss that
    /// no account covers and the engine has not (yet) written off. Only accounts the engine holds at Liquidatable or
    /// worse can have such a pool, so only those are computed.
    /// </summary>
    private double UnresolvedShortfall()
    {
        var state = engine.State;
        var total = 0L;
        foreach (var slot in state.InLiquidation)
        {
            var account = state.Accounts[slot];
            total += Math.Max(0, -MarginCalculator.Cross(venue, state.Marks, account).Equity.Value);
            foreach (ref readonly var position in account.Positions)
            {
                if (position.Mode == MarginMode.Isolated)
                {
                    total += Math.Max(0, -MarginCalculator.Isolated(venue, state.Marks, position).Equity.Value);
                }
            }
        }

        return total / quoteUnit;
    }

    private SortedDictionary<string, StageSummary> Stages()
    {
        var result = new SortedDictionary<string, StageSummary>(StringComparer.Ordinal) { ["book"] = new(bookSteps, bookFills, bookNotional) };
        foreach (var (stage, (steps, fills, notional)) in stages)
        {
            result[stage] = new StageSummary(steps, fills, notional);
        }

        return result;
    }

    private long MaxAccountId()
    {
        var max = 0L;
        for (var slot = 0; slot < engine.State.Accounts.Count; slot++)
        {
            max = Math.Max(max, engine.State.Accounts[slot].Id.Value);
        }

        return max;
    }

    /// <summary>
    /// Σ insurance fund equity: balances plus the positions the funds hold after backstop takeovers, at the mark
    /// (report units; the fund pays a takeover from its balance, so its balance alone would understate it).
    /// </summary>
    private double TotalInsuranceFund()
    {
        var state = engine.State;
        var equity = (double)state.InsuranceFunds.Values.Sum();
        foreach (var ((_, market), holding) in state.Liquidations.Holdings)
        {
            var id = new MarketId(market);
            equity += venue.Market(id).Scale.Value(holding.Size, state.Marks.Market(id), Rounding.Floor).Value;
        }

        return equity / quoteUnit;
    }

    private Price OraclePriceOf(int market) =>
        LedgerConversion.ToPrice(oracle[market], priceDecimals[market], venue.Market(new MarketId(market)).TickSize);

    /// <summary>Submits a setup command; returns false (and counts the reason) when the engine refused it.</summary>
    private bool Submit(Command command, SortedDictionary<string, long> refusals)
    {
        events.Clear();
        engine.Submit(command, events);
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
