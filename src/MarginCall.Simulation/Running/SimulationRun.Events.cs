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

// SimulationRun, part: Reading the engine's events: waterfall stages, fees, slippage, state transitions and the cascade measure.
public sealed partial class SimulationRun
{
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
                    for (var k = 0; k < keepers.Length; k++)
                    {
                        keeperTallies[k].Lots += keepers[k].Account == lot.Taker ? 1 : 0;
                    }

                    AddStage("auction", lot.Market, lot.Size, lot.Price);
                    AddSlippage(lot.Market, lot.Size, lot.Price);
                    break;
                case BackstopTakeover takeover:
                    AddStage("backstop", takeover.Market, takeover.Size, takeover.Price);
                    absorbedShortfall += Math.Max(0, -takeover.EquityBefore.Value) / quoteUnit;
                    backstopLoss += Math.Max(0, -takeover.FundEquityDelta.Value) / quoteUnit;
                    takeoversBelowFloor += takeover.Forced || takeover.FundEquity < engine.View.Market(takeover.Market).Parameters.InsuranceFundFloor ? 1 : 0;
                    break;
                case Deleveraged adl:
                    AddStage("adl", adl.Market, adl.Size, adl.Price);
                    break;
                case SocializedLoss loss:
                    AddStageNotional("socializedLoss", loss.Collected.Value / quoteUnit);
                    socializedLoss += loss.Shortfall.Value / quoteUnit;
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

    /// <summary>Adds one execution of size × price to a waterfall stage's totals.</summary>
    private void AddStage(string stage, MarketId market, long size, Price price)
    {
        var value = LedgerConversion.ToDouble(venue.Market(market).Scale.Notional(size, price), scenario.Quote.Decimals);
        AddStageNotional(stage, value);
        AddInterval(stage switch { "auction" => 1, "backstop" => 2, _ => 3 }, market, value);
    }

    /// <summary>|price − mark| × size: what a liquidated account paid for immediacy, in quote units.</summary>
    private void AddSlippage(MarketId market, long size, Price price)
    {
        var spec = venue.Market(market);
        var mark = engine.View.Mark(market);
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
        if (step.Keeper is { } keeperId)
        {
            // The keeper-reward invariant (docs/simulate.md): a keeper-executed step pays its keeper at least the
            // execution cost the fee was computed with.
            keeperSteps++;
            keeperStepsEmpty += step.Filled == 0 ? 1 : 0;
            keeperStepsBelowCost += step.Fee.KeeperShare < step.Fee.Cost ? 1 : 0;
            if (KeeperIndex(keeperId) is { } k)
            {
                keeperTallies[k].Steps++;
            }
        }

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
        AddInterval(0, step.Market, notional);
        var mark = LedgerConversion.ToDouble(step.Mark, market.PriceDecimals);
        var unit = Math.Pow(10, market.SizeDecimals);
        foreach (var fill in step.Fills)
        {
            slippage += fill.Size / unit * Math.Abs(LedgerConversion.ToDouble(fill.Price, market.PriceDecimals) - mark);
        }

        feesTotal += step.Fee.Fee.Value / quoteUnit;
        feesToFund += step.Fee.InsuranceShare.Value / quoteUnit;
    }

    private int? KeeperIndex(string id)
    {
        for (var k = 0; k < keepers.Length; k++)
        {
            if (keepers[k].KeeperId == id)
            {
                return k;
            }
        }

        return null;
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
        var slot = engine.View.OrdinalOf(s.Account);
        if (slot <= 0 || slot > populationAccounts)
        {
            return false; // the market maker or the keeper
        }

        if (s.To == LiquidationState.Bankrupt)
        {
            flags[slot] |= EverBankrupt;
        }

        if (s.From >= LiquidationState.Liquidatable && s.To < LiquidationState.Liquidatable && engine.View.Account(slot).Positions.Length > 0)
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

        var view = engine.View.Account(slot).RiskAt(counterfactual);
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

            marks ??= engine.View.CopyMarks();
            var id = new MarketId(m);
            var mark = LedgerConversion.ToDouble(engine.View.Mark(id), priceDecimals[m]);
            marks.SetMarket(id, LedgerConversion.ToPrice(mark / impacts[m].Factor, priceDecimals[m], venue.Market(id).TickSize));
        }

        return marks;
    }
}
