using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine;

/// <summary>Account commands: open, deposit, withdraw, isolated margin transfers.</summary>
public sealed partial class MarginEngine
{
    private void OnCreateAccount(CreateAccount c, List<EngineEvent> events)
    {
        if (State.Accounts.SlotOf(c.Account) >= 0)
        {
            events.Add(Reject(c, RejectionReason.DuplicateAccount, $"account {c.Account} exists"));
            return;
        }

        State.Accounts.Add(new Account(c.Account, c.Owner));
        events.Add(new AccountCreated(State.Sequence, c.Account, c.Owner));
    }

    private void OnDeposit(Deposit c, List<EngineEvent> events)
    {
        if (!TryAccount(c, c.Account, events, out var slot) || !TryAsset(c, c.Asset, events) || !TryPositive(c, c.Amount, events))
        {
            return;
        }

        var account = State.Accounts[slot];
        var previous = account.SpotBalance(c.Asset);
        var balance = checked(previous + c.Amount.Value);
        account.SetSpotBalance(c.Asset, balance);
        try
        {
            // The equity sum can overflow although the balance fits (a cross position in profit adds to it; see
            // OverflowRefusalTests), so the pool is checked here, before the event and the re-evaluation. Folding this
            // into Reassess would need an undo after the index has tracked the account; kept apart, it costs little:
            // it takes the account's cache misses the evaluation would take anyway (≤ 10% of a deposit, measured).
            MarginCalculator.Cross(State.Venue, State.Marks, account);
        }
        catch (OverflowException)
        {
            account.SetSpotBalance(c.Asset, previous);
            throw;
        }

        events.Add(new BalanceChanged(State.Sequence, c.Account, c.Asset, c.Amount, new Quantums(balance)));
        if (c.Asset == State.Venue.Quote.Id && previous != 0 && State.Accounts.Risk(slot).State == LiquidationState.Healthy)
        {
            // Quote collateral raises every gap of the cross pool by the amount and moves no price sensitivity, so a
            // healthy account stays healthy and its bands only grow more conservative (previous ≠ 0: the quote
            // balance was already a term of the pool, so the rounding slack is unchanged). Nothing to re-examine.
            return;
        }

        Reassess(slot, events);
    }

    private void OnWithdraw(Withdraw c, List<EngineEvent> events)
    {
        if (!TryAccount(c, c.Account, events, out var slot) || !TryAsset(c, c.Asset, events) || !TryPositive(c, c.Amount, events))
        {
            return;
        }

        var account = State.Accounts[slot];
        if (State.BadDebt > 0)
        {
            events.Add(Reject(c, RejectionReason.BadDebtOutstanding, $"bad debt of {State.BadDebt} quantums is outstanding"));
            return;
        }

        if (State.Accounts.Risk(slot).State >= LiquidationState.Liquidatable)
        {
            events.Add(Reject(c, RejectionReason.InvalidLiquidationState, $"account is {State.Accounts.Risk(slot).State}"));
            return;
        }

        var before = account.SpotBalance(c.Asset);
        if (before < c.Amount.Value)
        {
            events.Add(Reject(c, RejectionReason.InsufficientBalance, $"balance {before} < {c.Amount}"));
            return;
        }

        account.SetSpotBalance(c.Asset, before - c.Amount.Value);
        MarginFigures cross;
        try
        {
            cross = MarginCalculator.Cross(State.Venue, State.Marks, account);
        }
        catch (OverflowException)
        {
            account.SetSpotBalance(c.Asset, before); // refused: the state goes back before the rejection
            throw;
        }

        if (cross.FreeCollateral.IsNegative)
        {
            account.SetSpotBalance(c.Asset, before);
            events.Add(Reject(c, RejectionReason.InsufficientInitialMargin, $"free collateral would be {cross.FreeCollateral}"));
            return;
        }

        events.Add(new BalanceChanged(State.Sequence, c.Account, c.Asset, -c.Amount, new Quantums(before - c.Amount.Value)));
        Reassess(slot, events);
    }

    private void OnTransferIsolatedMargin(TransferIsolatedMargin c, List<EngineEvent> events)
    {
        if (!TryAccount(c, c.Account, events, out var slot) || !TryMarket(c, c.Market, events))
        {
            return;
        }

        var account = State.Accounts[slot];
        if (!account.TryGetPosition(c.Market, out var position) || position.Mode != MarginMode.Isolated)
        {
            events.Add(Reject(c, RejectionReason.InvalidTrade, $"no isolated position in market {c.Market}"));
            return;
        }

        if (c.Amount == Quantums.Zero)
        {
            events.Add(Reject(c, RejectionReason.NonPositiveAmount, "amount must not be zero"));
            return;
        }

        var quote = State.Venue.Quote.Id;
        var crossBefore = account.SpotBalance(quote);
        if (c.Amount > Quantums.Zero && crossBefore < c.Amount.Value)
        {
            events.Add(Reject(c, RejectionReason.InsufficientBalance, $"quote balance {crossBefore} < {c.Amount}"));
            return;
        }

        var moved = position with { IsolatedMargin = checked(position.IsolatedMargin + c.Amount.Value) };
        var crossAfter = checked(crossBefore - c.Amount.Value);
        account.SetPosition(moved);
        account.SetSpotBalance(quote, crossAfter);
        MarginFigures losing; // the pool the margin leaves
        try
        {
            losing = c.Amount > Quantums.Zero ? MarginCalculator.Cross(State.Venue, State.Marks, account) : MarginCalculator.Isolated(State.Venue, State.Marks, moved);
        }
        catch (OverflowException)
        {
            UndoTransfer(account, position, quote, crossBefore);
            throw;
        }

        if (losing.FreeCollateral.IsNegative)
        {
            UndoTransfer(account, position, quote, crossBefore);
            events.Add(Reject(c, RejectionReason.InsufficientInitialMargin, $"free collateral would be {losing.FreeCollateral}"));
            return;
        }

        events.Add(new IsolatedMarginTransferred(State.Sequence, c.Account, c.Market, c.Amount, new Quantums(moved.IsolatedMargin)));
        Reassess(slot, events);
    }

    /// <summary>Puts back the position and quote balance of a refused isolated margin transfer.</summary>
    private static void UndoTransfer(Account account, in PerpPosition position, AssetId quote, long quoteBalance)
    {
        account.SetPosition(position);
        account.SetSpotBalance(quote, quoteBalance);
    }

    private bool TryAccount(Command c, AccountId id, List<EngineEvent> events, out int slot)
    {
        slot = State.Accounts.SlotOf(id);
        if (slot < 0)
        {
            events.Add(Reject(c, RejectionReason.UnknownAccount, $"account {id} does not exist"));
        }

        return slot >= 0;
    }

    private bool TryAsset(Command c, AssetId id, List<EngineEvent> events)
    {
        var known = (uint)id.Value < (uint)State.Venue.Assets.Count;
        if (!known)
        {
            events.Add(Reject(c, RejectionReason.UnknownAsset, $"asset {id} does not exist"));
        }

        return known;
    }

    private bool TryMarket(Command c, MarketId id, List<EngineEvent> events)
    {
        var known = (uint)id.Value < (uint)State.Markets.Length;
        if (!known)
        {
            events.Add(Reject(c, RejectionReason.UnknownMarket, $"market {id} does not exist"));
        }

        return known;
    }

    private bool TryPositive(Command c, Quantums amount, List<EngineEvent> events) => TryPositive(c, amount.Value, events);

    private bool TryPositive(Command c, long amount, List<EngineEvent> events)
    {
        if (amount <= 0)
        {
            events.Add(Reject(c, RejectionReason.NonPositiveAmount, $"amount {amount} must be positive"));
        }

        return amount > 0;
    }
}
