using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Markets;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Commands;

namespace MarginCall.Engine.Events;

/// <summary>An output of the engine; <see cref="Sequence"/> is the number of the command that caused it.</summary>
public abstract record EngineEvent(long Sequence)
{
    /// <summary>The event's wire code.</summary>
    public abstract EventCode Code { get; }
}

/// <summary>A command was refused and changed nothing; <paramref name="Command"/> is the refused command's code.</summary>
public sealed record CommandRejected(long Sequence, CommandCode Command, RejectionReason Reason, string Detail) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.CommandRejected;
}

/// <summary>An account was opened.</summary>
public sealed record AccountCreated(long Sequence, AccountId Account, string Owner) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.AccountCreated;
}

/// <summary>A spot balance changed by a deposit (+) or withdrawal (−).</summary>
public sealed record BalanceChanged(long Sequence, AccountId Account, AssetId Asset, Quantums Delta, Quantums Balance) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.BalanceChanged;
}

/// <summary>Isolated margin moved between the cross pool and a position.</summary>
public sealed record IsolatedMarginTransferred(long Sequence, AccountId Account, MarketId Market, Quantums Amount, Quantums IsolatedMargin) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.IsolatedMarginTransferred;
}

/// <summary>A trade changed two positions.</summary>
public sealed record TradeSettled(long Sequence, MarketId Market, AccountId Buyer, AccountId Seller, long Size, Price Price) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.TradeSettled;
}

/// <summary>An order rested in the book (what did not match on arrival).</summary>
public sealed record OrderRested(long Sequence, MarketId Market, OrderId Order, AccountId Account, long RestingSize) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.OrderRested;
}

/// <summary>Orders were removed from the book (by their owner, or because the account entered liquidation).</summary>
public sealed record OrdersCancelled(long Sequence, MarketId Market, AccountId Account, IReadOnlyList<OrderId> Orders, CancelReason Why) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.OrdersCancelled;
}

/// <summary>A market was listed after genesis (<see cref="ListMarket"/>), with the parameters it starts with.</summary>
public sealed record MarketListed(long Sequence, PerpetualMarket Market, LiquidationParameters Parameters) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.MarketListed;
}

/// <summary>An operator paused or reactivated a market (<see cref="Commands.SetMarketStatus"/>).</summary>
public sealed record MarketStatusChanged(long Sequence, MarketId Market, MarketStatus Status) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.MarketStatusChanged;
}

/// <summary>The mark price of a market moved.</summary>
/// <param name="Sequence">Command number.</param>
/// <param name="Market">The market.</param>
/// <param name="Oracle">The oracle price received (after clamping).</param>
/// <param name="Mark">The mark price now in force: the median of the sources.</param>
public sealed record MarkPriceChanged(long Sequence, MarketId Market, Price Oracle, Price Mark) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.MarkPriceChanged;
}

/// <summary>An oracle price jumped beyond the band around its TWAP and was clamped to the band's edge.</summary>
public sealed record OraclePriceClamped(long Sequence, MarketId Market, Price Received, Price Applied, Price Twap) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.OraclePriceClamped;
}

/// <summary>A market's oracle went stale (liquidations on it stop) or recovered.</summary>
public sealed record OracleStalenessChanged(long Sequence, MarketId Market, bool Stale, EngineTime LastPublishTime, EngineTime Now) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.OracleStalenessChanged;
}

/// <summary>A market's parameters were replaced.</summary>
public sealed record ParametersApplied(long Sequence, MarketId Market, LiquidationParameters Parameters) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.ParametersApplied;
}

/// <summary>The funding index of a market moved.</summary>
public sealed record FundingIndexChanged(long Sequence, MarketId Market, long IndexDelta, long FundingIndex) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.FundingIndexChanged;
}

/// <summary>The execution-cost feed changed.</summary>
public sealed record ExecutionCostChanged(long Sequence, Quantums Cost) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.ExecutionCostChanged;
}

/// <summary>Time moved forward.</summary>
public sealed record TimeAdvanced(long Sequence, EngineTime Time) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.TimeAdvanced;
}

/// <summary>An account's health fell under the warning level: the notice its owner receives (once per crossing).</summary>
public sealed record MarginCallNotice(long Sequence, AccountId Account, string Owner, Ppm? Health, Quantums Equity, Quantums MaintenanceRequirement) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.MarginCallNotice;
}

/// <summary>An account moved between liquidation states.</summary>
public sealed record LiquidationStateChanged(long Sequence, AccountId Account, LiquidationState From, LiquidationState To, Ppm? Health) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.LiquidationStateChanged;
}

/// <summary>The balance of an insurance fund changed.</summary>
public sealed record InsuranceFundChanged(long Sequence, FundId Fund, Quantums Delta, Quantums Balance, FundChangeReason Why) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.InsuranceFundChanged;
}
