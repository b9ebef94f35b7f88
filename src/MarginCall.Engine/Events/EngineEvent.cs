using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Events;

/// <summary>An output of the engine; <see cref="Sequence"/> is the number of the command that caused it.</summary>
public abstract record EngineEvent(long Sequence);

/// <summary>A command was refused and changed nothing.</summary>
public sealed record CommandRejected(long Sequence, string Command, RejectionReason Reason, string Detail) : EngineEvent(Sequence);

/// <summary>An account was opened.</summary>
public sealed record AccountCreated(long Sequence, AccountId Account, string Owner) : EngineEvent(Sequence);

/// <summary>A spot balance changed by a deposit (+) or withdrawal (−).</summary>
public sealed record BalanceChanged(long Sequence, AccountId Account, AssetId Asset, long Delta, long Balance) : EngineEvent(Sequence);

/// <summary>Isolated margin moved between the cross pool and a position.</summary>
public sealed record IsolatedMarginTransferred(long Sequence, AccountId Account, MarketId Market, long Amount, long IsolatedMargin) : EngineEvent(Sequence);

/// <summary>A trade changed two positions.</summary>
public sealed record TradeSettled(long Sequence, MarketId Market, AccountId Buyer, AccountId Seller, long Size, Price Price) : EngineEvent(Sequence);

/// <summary>An order rested in the book (what did not match on arrival).</summary>
public sealed record OrderRested(long Sequence, MarketId Market, long Order, AccountId Account, long RestingSize) : EngineEvent(Sequence);

/// <summary>Orders were removed from the book (by their owner, or because the account entered liquidation).</summary>
public sealed record OrdersCancelled(long Sequence, MarketId Market, AccountId Account, IReadOnlyList<long> Orders, string Why) : EngineEvent(Sequence);

/// <summary>The mark price of a market moved.</summary>
/// <param name="Sequence">Command number.</param>
/// <param name="Market">The market.</param>
/// <param name="Oracle">The oracle price received (after clamping).</param>
/// <param name="Mark">The mark price now in force: the median of the sources.</param>
public sealed record MarkPriceChanged(long Sequence, MarketId Market, Price Oracle, Price Mark) : EngineEvent(Sequence);

/// <summary>An oracle price jumped beyond the band around its TWAP and was clamped to the band's edge.</summary>
public sealed record OraclePriceClamped(long Sequence, MarketId Market, Price Received, Price Applied, Price Twap) : EngineEvent(Sequence);

/// <summary>A market's oracle went stale (liquidations on it stop) or recovered.</summary>
public sealed record OracleStalenessChanged(long Sequence, MarketId Market, bool Stale, long LastPublishTimeMs, long NowMs) : EngineEvent(Sequence);

/// <summary>A market's parameters were replaced.</summary>
public sealed record ParametersApplied(long Sequence, MarketId Market, LiquidationParameters Parameters) : EngineEvent(Sequence);

/// <summary>The funding index of a market moved.</summary>
public sealed record FundingIndexChanged(long Sequence, MarketId Market, long IndexDelta, long FundingIndex) : EngineEvent(Sequence);

/// <summary>The execution-cost feed changed.</summary>
public sealed record ExecutionCostChanged(long Sequence, Quantums Cost) : EngineEvent(Sequence);

/// <summary>Time moved forward.</summary>
public sealed record TimeAdvanced(long Sequence, long TimeMs) : EngineEvent(Sequence);

/// <summary>An account's health fell under the warning level: the notice its owner receives (once per crossing).</summary>
public sealed record MarginCallNotice(long Sequence, AccountId Account, string Owner, Ppm? Health, Quantums Equity, Quantums MaintenanceRequirement) : EngineEvent(Sequence);

/// <summary>An account moved between liquidation states.</summary>
public sealed record LiquidationStateChanged(long Sequence, AccountId Account, LiquidationState From, LiquidationState To, Ppm? Health) : EngineEvent(Sequence);

/// <summary>The balance of an insurance fund changed.</summary>
public sealed record InsuranceFundChanged(long Sequence, int Fund, long Delta, long Balance, string Why) : EngineEvent(Sequence);
