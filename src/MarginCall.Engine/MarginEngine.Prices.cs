using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Markets;
using MarginCall.Engine.Risk;

namespace MarginCall.Engine;

/// <summary>Price, funding, parameter and time commands.</summary>
public sealed partial class MarginEngine
{
    private void OnOraclePrice(OraclePrice c, List<EngineEvent> events)
    {
        if (!TryMarket(c, c.Market, events))
        {
            return;
        }

        var market = State.Markets[c.Market.Value];
        if (!c.Price.IsPositive)
        {
            events.Add(Reject(c, RejectionReason.NonPositivePrice, $"price {c.Price} must be positive"));
            return;
        }

        if (c.PublishTime.Milliseconds > State.Now)
        {
            events.Add(Reject(c, RejectionReason.TimeMovedBackwards, $"published at {c.PublishTime.Milliseconds}, after engine time {State.Now}"));
            return;
        }

        if (c.PublishTime.Milliseconds < market.OraclePublishTimeMs || State.Now - c.PublishTime.Milliseconds > market.Parameters.MaxOracleAgeMs)
        {
            events.Add(Reject(c, RejectionReason.StalePrice, $"published at {c.PublishTime.Milliseconds}; last {market.OraclePublishTimeMs}, now {State.Now}"));
            return;
        }

        var parameters = market.Parameters;
        var applied = MarkPriceGuard.Clamp(c.Price, market.Twap, parameters.JumpBand);
        var twap = MarkPriceGuard.NextTwap(market.Twap, applied, c.PublishTime.Milliseconds - market.OraclePublishTimeMs, parameters.TwapWindowMs);
        var mid = BookMid(market);
        var basis = mid is { } m ? MarkPriceGuard.NextBasis(market.BasisEma, market.HasBasis, checked(m.Units - applied.Units), parameters.BasisEmaWeight) : market.BasisEma;
        var hasBasis = market.HasBasis || mid is not null;
        var mark = MarkPriceGuard.Mark(applied, hasBasis ? basis : null, mid);

        if (applied != c.Price)
        {
            events.Add(new OraclePriceClamped(State.Sequence, c.Market, c.Price, applied, new Price(market.Twap)));
        }

        market.Oracle = applied;
        market.OraclePublishTimeMs = c.PublishTime.Milliseconds;
        market.Twap = twap;
        market.BasisEma = basis;
        market.HasBasis = hasBasis;
        if (market.IsStale)
        {
            market.IsStale = false;
            events.Add(new OracleStalenessChanged(State.Sequence, c.Market, false, c.PublishTime, new EngineTime(State.Now)));
        }

        var previous = State.Marks.Market(c.Market);
        State.Marks.SetMarket(c.Market, mark);
        events.Add(new MarkPriceChanged(State.Sequence, c.Market, applied, mark));
        if (mark != previous)
        {
            ReassessCandidates(new PriceKey(c.Market.Value), mark.Units, events);
        }
    }

    private void OnAssetPrice(AssetPrice c, List<EngineEvent> events)
    {
        if (!TryAsset(c, c.Asset, events))
        {
            return;
        }

        if (!c.Price.IsPositive || c.Asset == State.Venue.Quote.Id)
        {
            events.Add(Reject(c, RejectionReason.NonPositivePrice, c.Price.IsPositive ? "the quote asset is priced at one" : $"price {c.Price} must be positive"));
            return;
        }

        State.Marks.SetAsset(c.Asset, c.Price);
        ReassessCandidates(new PriceKey(State.Markets.Length + c.Asset.Value), c.Price.Units, events);
    }

    private void OnUpdateFunding(UpdateFunding c, List<EngineEvent> events)
    {
        if (!TryMarket(c, c.Market, events))
        {
            return;
        }

        var index = checked(State.Marks.FundingIndex(c.Market) + c.IndexDelta);
        State.Marks.SetFundingIndex(c.Market, index);
        events.Add(new FundingIndexChanged(State.Sequence, c.Market, c.IndexDelta, index));

        // Funding moves equity without moving a price, so no band covers it: re-examine every holder of the market.
        candidates.Clear();
        for (var slot = 0; slot < State.Accounts.Count; slot++)
        {
            if (State.Accounts[slot].IndexOfPosition(c.Market) >= 0)
            {
                candidates.Add(slot);
            }
        }

        ReassessList(events);
    }

    private void OnSetParameters(SetLiquidationParameters c, List<EngineEvent> events)
    {
        if (!TryMarket(c, c.Market, events))
        {
            return;
        }

        if (c.Parameters.Validate() is { } problem)
        {
            events.Add(Reject(c, RejectionReason.InvalidParameters, problem));
            return;
        }

        State.Markets[c.Market.Value].Parameters = c.Parameters;
        events.Add(new ParametersApplied(State.Sequence, c.Market, c.Parameters));
    }

    private void OnSetExecutionCost(SetExecutionCost c, List<EngineEvent> events)
    {
        if (c.Cost.IsNegative)
        {
            events.Add(Reject(c, RejectionReason.NonPositiveAmount, "cost must not be negative"));
            return;
        }

        State.ExecutionCost = c.Cost;
        events.Add(new ExecutionCostChanged(State.Sequence, c.Cost));
    }

    private void OnAdvanceTime(AdvanceTime c, List<EngineEvent> events)
    {
        if (c.Time.Milliseconds < State.Now)
        {
            events.Add(Reject(c, RejectionReason.TimeMovedBackwards, $"{c.Time.Milliseconds} < now {State.Now}"));
            return;
        }

        State.Now = c.Time.Milliseconds;
        events.Add(new TimeAdvanced(State.Sequence, c.Time));
        for (var i = 0; i < State.Markets.Length; i++)
        {
            var market = State.Markets[i];
            var stale = State.Now - market.OraclePublishTimeMs > market.Parameters.MaxOracleAgeMs || !market.Oracle.IsPositive;
            if (stale != market.IsStale)
            {
                market.IsStale = stale;
                events.Add(new OracleStalenessChanged(State.Sequence, market.Market.Id, stale, new EngineTime(market.OraclePublishTimeMs), new EngineTime(State.Now)));
            }

            if (State.Now - market.WindowStartMs >= market.Parameters.WindowMs)
            {
                market.WindowStartMs = State.Now - ((State.Now - market.WindowStartMs) % market.Parameters.WindowMs);
                market.WindowLiquidatedNotional = default;
            }
        }

        // Continue every liquidation in progress (slot order), now that windows may have rolled. An account whose
        // markets do not liquidate automatically is left alone: time moves no figure, and every command that moves
        // one re-examines the account (the detector covers price moves), so its state is already current and a
        // second look would change nothing but churn the index.
        candidates.Clear();
        foreach (var slot in State.InLiquidation)
        {
            if (pipeline.ShouldAutoLiquidate(State, slot))
            {
                candidates.Add(slot);
            }
        }

        ReassessList(events, continueLiquidations: true);

        // Then the insurance funds sell what they took over back into the books (the makers are re-examined).
        pipeline.UnwindFunds(State, events);
        ReassessMakers(events);
    }

    private static Price? BookMid(MarketState market)
    {
        if (market.Book.BestBid is not { } bid || market.Book.BestAsk is not { } ask)
        {
            return null;
        }

        return new Price(bid.Units + ((ask.Units - bid.Units) / 2));
    }
}
