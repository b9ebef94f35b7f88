using MarginCall.Keeper.Strategy;
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

// SimulationRun, part: Timeline samples and the summary.
public sealed partial class SimulationRun
{
    private void Sample(int step)
    {
        var view = engine.View;
        var n = oracle.Length;
        Span<long> longs = stackalloc long[n];
        longs.Clear();
        Span<int> counts = stackalloc int[5];
        counts.Clear();
        for (var slot = 0; slot < view.AccountCount; slot++)
        {
            var account = view.Account(slot);
            foreach (ref readonly var position in account.Positions)
            {
                if (position.Size > 0)
                {
                    longs[position.Market.Value] += position.Size;
                }
            }

            if (slot > 0 && slot <= populationAccounts)
            {
                counts[(int)account.State]++;
            }
        }

        var badDebt = absorbedShortfall + UnresolvedShortfall();
        peakBadDebt = Math.Max(peakBadDebt, badDebt);
        var marks = new double[n];
        var openInterest = 0.0;
        for (var m = 0; m < n; m++)
        {
            var id = new MarketId(m);
            marks[m] = LedgerConversion.ToDouble(view.Mark(id), priceDecimals[m]);
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
            intervalImpactTriggered,
            new TimelineExtra(
                PopulationOpenInterest(),
                fundCash,
                fundInventory,
                socializedLoss,
                engine.View.TotalKeeperRewards().Value / quoteUnit,
                KeeperPnl(),
                slippage,
                [.. intervalByStage],
                IntervalByMarket().ToArray())));
        intervalLiquidated = 0;
        intervalImpactTriggered = 0;
        Array.Clear(intervalByStage);
        IntervalByMarket().Clear();
    }

    // Interval liquidated notional per stage (TimelineExtra.Stages order) and per market, for the report's charts.
    private readonly double[] intervalByStage = new double[4];
    private double[] intervalByMarket = [];
    private double fundCash;
    private double fundInventory;
    private double peakFundInventory;

    private Span<double> IntervalByMarket()
    {
        if (intervalByMarket.Length != oracle.Length)
        {
            intervalByMarket = new double[oracle.Length];
        }

        return intervalByMarket;
    }

    /// <summary>Adds liquidated notional to the interval figures of a stage (index in <see cref="TimelineExtra.Stages"/>) and market.</summary>
    private void AddInterval(int stage, MarketId market, double notional)
    {
        intervalByStage[stage] += notional;
        IntervalByMarket()[market.Value] += notional;
    }

    /// <summary>Σ long notional at mark over the population's accounts (slots 1..population), quote units.</summary>
    private double PopulationOpenInterest()
    {
        var view = engine.View;
        var total = 0.0;
        for (var slot = 1; slot <= populationAccounts && slot < view.AccountCount; slot++)
        {
            foreach (ref readonly var position in view.Account(slot).Positions)
            {
                if (position.Size > 0)
                {
                    var market = venue.Market(position.Market);
                    total += position.Size / Math.Pow(10, market.SizeDecimals) * LedgerConversion.ToDouble(view.Mark(position.Market), market.PriceDecimals);
                }
            }
        }

        return total;
    }

    /// <summary>Keeper rewards + the simulated keepers' equity over the capital each was given, quote units.</summary>
    private double KeeperPnl()
    {
        var pnl = engine.View.TotalKeeperRewards().Value / quoteUnit;
        foreach (var keeper in keepers)
        {
            pnl += EquityChange(keeper);
        }

        return pnl;
    }

    /// <summary>A keeper's account equity (at mark) over its capital: what its takes and hedges made, quote units.</summary>
    private double EquityChange(KeeperStrategy keeper)
    {
        var view = engine.View;
        var slot = view.OrdinalOf(keeper.Account);
        // In quantums first: the capital was deposited as LedgerConversion.ToQuantums(keeperCapital).
        var capital = LedgerConversion.ToQuantums(keeperCapital, scenario.Quote.Decimals).Value;
        return slot < 0 ? 0 : (view.Account(slot).Cross().Equity.Value - capital) / quoteUnit;
    }

    private KeeperSummary[] KeeperSummaries() =>
        [.. keepers.Select((k, i) => new KeeperSummary(
            k.KeeperId,
            keeperTallies[i].Steps,
            keeperTallies[i].Lots,
            engine.View.KeeperReward(k.KeeperId).Value / quoteUnit,
            (engine.View.KeeperReward(k.KeeperId).Value / quoteUnit) + EquityChange(k)))];

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

        var keeperRewards = engine.View.TotalKeeperRewards().Value / quoteUnit;
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
            BookedBadDebt = engine.View.BadDebt.Value / quoteUnit,
            SocializedLoss = socializedLoss,
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
            KeeperPnl = KeeperPnl(),
            KeeperSteps = keeperSteps,
            TakeoversBelowFloor = takeoversBelowFloor,
            KeeperStepsBelowCost = keeperStepsBelowCost,
            KeeperStepsEmpty = keeperStepsEmpty,
            Keepers = KeeperSummaries(),
            LiquidatedShareByStage = Shares(),
            PeakFundInventory = peakFundInventory,
            Description = scenario.Description,
            Source = scenario.Source,
            Quote = scenario.Quote.Symbol,
            StartTimeUtc = ScenarioParameters.StartTimeUtc(loaded) is { } start ? ScenarioParameters.Iso(start) : null,
            Parameters = ScenarioParameters.Of(scenario),
            Calibration = [.. calibrations.Select((c, i) => c is null ? null : new CalibrationSummary(scenario.Markets[i].Symbol, c.DailyVolume, c.DailyVolatility, c.SideDepth, c.RefillPerStep, c.TurnoverSeconds, c.OpenInterest)).OfType<CalibrationSummary>()],
        };
    }

    private SortedDictionary<string, double> Shares()
    {
        var shares = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var total = bookNotional + otherStagesNotional;
        if (total > 0)
        {
            foreach (var (stage, totals) in Stages())
            {
                shares[stage] = totals.Notional / total;
            }
        }

        return shares;
    }

    /// <summary>
    /// Σ −equity over every pool (cross, and each isolated position) with negative equity, in quote units: loss that
    /// no account covers and the engine has not (yet) written off. Only accounts the engine holds at Liquidatable or
    /// worse can have such a pool, so only those are computed.
    /// </summary>
    private double UnresolvedShortfall()
    {
        var total = 0L;
        inLiquidation.Clear();
        engine.View.CopyAccountsInLiquidation(inLiquidation);
        foreach (var slot in inLiquidation)
        {
            var account = engine.View.Account(slot);
            total += Math.Max(0, -account.Cross().Equity.Value);
            foreach (ref readonly var position in account.Positions)
            {
                if (position.Mode == MarginMode.Isolated)
                {
                    total += Math.Max(0, -account.PoolOf(position).Equity.Value);
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

    /// <summary>
    /// Σ insurance fund equity: balances plus the positions the funds hold after backstop takeovers, at the mark
    /// (report units; the fund pays a takeover from its balance, so its balance alone would understate it).
    /// </summary>
    private double TotalInsuranceFund()
    {
        var view = engine.View;
        var equity = (double)view.TotalInsuranceFunds().Value;
        var inventory = 0.0;
        foreach (var holding in view.FundHoldings())
        {
            var value = venue.Market(holding.Market).Scale.Value(holding.Size, view.Mark(holding.Market), Rounding.Floor).Value;
            equity += value;
            inventory += Math.Abs((double)value);
        }

        fundCash = view.TotalInsuranceFunds().Value / quoteUnit;
        fundInventory = inventory / quoteUnit;
        peakFundInventory = Math.Max(peakFundInventory, fundInventory);
        return equity / quoteUnit;
    }
}
