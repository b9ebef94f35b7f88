using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Risk;

namespace MarginCall.Engine;

/// <summary>Detection, the state machine with hysteresis, and hand-off to the liquidation pipeline.</summary>
public sealed partial class MarginEngine
{
    private readonly List<OrderBook.Fill> fills = [];
    private readonly List<OrderBook.OrderId> selfTradeCancelled = [];
    private PriceBand[] bands = new PriceBand[8]; // scratch: one band per position and spot balance of the account evaluated

    private void OnKeeperLiquidate(KeeperLiquidate c, List<EngineEvent> events)
    {
        if (!TryAccount(c, c.Account, events, out var slot))
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(c.Keeper))
        {
            events.Add(Reject(c, RejectionReason.InvalidParameters, "keeper id must not be empty"));
            return;
        }

        // Valid only against the current figures: the stored state may predate a price move that saved the account.
        var view = Evaluate(slot);
        var current = State.Accounts.Risk(slot).State;
        if (!view.IsLiquidatable && current != LiquidationState.InLiquidation)
        {
            events.Add(Reject(c, RejectionReason.InvalidLiquidationState, $"account is not liquidatable (health {view.Health})"));
            return;
        }

        if (!pipeline.HasLiveMarket(State, slot))
        {
            events.Add(Reject(c, pipeline.HasPausedMarket(State, slot) ? RejectionReason.MarketPaused : RejectionReason.StalePrice,
                "every market of the account is paused or has a stale oracle"));
            return;
        }

        Transition(slot, view, events);
        pipeline.Step(State, slot, c.Keeper, events);
        Transition(slot, Evaluate(slot), events);
        ReassessMakers(events);
    }

    /// <summary>Re-examines the candidates of a price move, in slot order.</summary>
    private void ReassessCandidates(PriceKey key, long price, List<EngineEvent> events)
    {
        candidates.Clear();
        detector.CollectCandidates(key, price, State.Accounts.Count, candidates);
        ReassessList(events);
    }

    private void ReassessList(List<EngineEvent> events, bool continueLiquidations = false)
    {
        candidates.Sort();
        var previous = -1;
        foreach (var slot in candidates)
        {
            if (slot != previous)
            {
                Evaluations++;
                Reassess(slot, events, continueLiquidations);
                previous = slot;
            }
        }
    }

    /// <summary>Evaluates an account, moves its state, and liquidates it when the market allows automatic liquidation.</summary>
    private void Reassess(int slot, List<EngineEvent> events, bool continueLiquidation = false)
    {
        // A liquidation step runs when an account newly becomes liquidatable, or when time moves (continueLiquidation).
        // Never merely because an account was looked at again: re-examination must be free of side effects, or the
        // full scan (which looks at everyone) and the index would diverge.
        var before = State.Accounts.Risk(slot).State;
        var view = Evaluate(slot);
        Transition(slot, view, events);
        var state = State.Accounts.Risk(slot).State;
        var newlyLiquidatable = before < LiquidationState.Liquidatable && state >= LiquidationState.Liquidatable;
        if ((newlyLiquidatable || continueLiquidation) && state >= LiquidationState.Liquidatable && pipeline.ShouldAutoLiquidate(State, slot))
        {
            pipeline.Step(State, slot, null, events);
            Transition(slot, Evaluate(slot), events);
            ReassessMakers(events);
        }
    }

    /// <summary>Re-examines the makers a liquidation step traded with (copied first: their own steps reuse the pipeline's list).</summary>
    private void ReassessMakers(List<EngineEvent> events)
    {
        if (pipeline.TouchedMakers.Count == 0)
        {
            return;
        }

        foreach (var maker in pipeline.TouchedMakers.ToArray())
        {
            Reassess(maker, events);
        }
    }

    private AccountRiskView Evaluate(int slot)
    {
        var account = State.Accounts[slot];
        if (!detector.UsesBands)
        {
            return RiskEvaluator.Evaluate(State.Venue, State.Marks, account, State.Thresholds);
        }

        var count = account.Positions.Length + account.SpotBalances.Length;
        if (bands.Length < count)
        {
            bands = new PriceBand[Math.Max(count, 2 * bands.Length)];
        }

        var view = RiskEvaluator.Evaluate(State.Venue, State.Marks, account, State.Thresholds, State.Accounts.Risk(slot).State, bands.AsSpan(0, count));
        detector.Track(slot, account, bands.AsSpan(0, count), State.Venue, State.Marks);
        return view;
    }

    /// <summary>
    /// Healthy → MarginCall → Liquidatable → InLiquidation → Bankrupt, with hysteresis: once liquidation has started
    /// the account stays InLiquidation until every pool meets maintenance × (1 + exit buffer).
    /// </summary>
    private void Transition(int slot, in AccountRiskView view, List<EngineEvent> events)
    {
        ref var risk = ref State.Accounts.Risk(slot);
        var from = risk.State;
        var to = StateTransitions.Next(from, view);
        if (to == from)
        {
            return;
        }

        var account = State.Accounts[slot];
        if (from == LiquidationState.Healthy)
        {
            events.Add(new MarginCallNotice(State.Sequence, account.Id, account.Owner, view.Health, view.Worst.Equity, view.Worst.MaintenanceRequirement));
        }

        if (from < LiquidationState.Liquidatable && to >= LiquidationState.Liquidatable)
        {
            risk.LiquidationStartMs = State.Now;
            State.InLiquidation.Add(slot);
        }
        else if (from >= LiquidationState.Liquidatable && to < LiquidationState.Liquidatable)
        {
            State.InLiquidation.Remove(slot);
            AuctionStage.CloseLots(State, slot, events);
        }

        risk.State = to;
        events.Add(new LiquidationStateChanged(State.Sequence, account.Id, from, to, view.Health));
    }
}
