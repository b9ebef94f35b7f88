using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;

namespace MarginCall.Engine.Events;

/// <summary>One match of a liquidation against a resting order: the maker took the other side at its price.</summary>
/// <param name="MakerOrder">The resting order hit.</param>
/// <param name="Maker">Its owner.</param>
/// <param name="Price">Trade price (the maker's limit).</param>
/// <param name="Size">Base quantums.</param>
public readonly record struct LiquidationFill(OrderId MakerOrder, AccountId Maker, Price Price, long Size);

/// <summary>
/// One liquidation step on one position, with its whole explanation (DESIGN §3): the prices used, the pool's health
/// before and after, the rule that sized it, the price bound, each fill and the fee breakdown.
/// </summary>
/// <param name="Sequence">Command number.</param>
/// <param name="Account">The account liquidated.</param>
/// <param name="Market">The position's market.</param>
/// <param name="Keeper">The keeper who asked for the step; null for the engine's own liquidation.</param>
/// <param name="Mark">Mark price the figures and the bound use.</param>
/// <param name="Oracle">Last applied oracle price of the market.</param>
/// <param name="HealthBefore">The pool's health (equity / maintenance) before the step.</param>
/// <param name="HealthAfter">The pool's health after the fills and the fee (null once the pool has no requirement).</param>
/// <param name="EquityBefore">Pool equity before.</param>
/// <param name="EquityAfter">Pool equity after the fee.</param>
/// <param name="PositionSize">Signed position size before the step.</param>
/// <param name="Sizing">Target size, size sent to the book and the rule that decided it.</param>
/// <param name="AdjustedBankruptcyRating">dYdX's ABR the bound was widened by.</param>
/// <param name="FillablePrice">The fillable price before the bankruptcy clamp.</param>
/// <param name="Bound">The limit the book was swept with (null: no price is allowed, nothing may fill).</param>
/// <param name="BankruptcyPrice">The pool's bankruptcy price for this position (null when none exists).</param>
/// <param name="Fills">Each fill in match order.</param>
/// <param name="Filled">Base quantums filled.</param>
/// <param name="FilledNotional">Σ fill notional, quote quantums.</param>
/// <param name="Fee">The fee and its split.</param>
public sealed record LiquidationStep(
    long Sequence,
    AccountId Account,
    MarketId Market,
    string? Keeper,
    Price Mark,
    Price Oracle,
    Ppm? HealthBefore,
    Ppm? HealthAfter,
    Quantums EquityBefore,
    Quantums EquityAfter,
    long PositionSize,
    SizingDecision Sizing,
    Ppm AdjustedBankruptcyRating,
    Price FillablePrice,
    Price? Bound,
    Price? BankruptcyPrice,
    IReadOnlyList<LiquidationFill> Fills,
    long Filled,
    Quantums FilledNotional,
    FeeBreakdown Fee) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.LiquidationStep;
}

/// <summary>
/// The book could not absorb a liquidation inside its bound: the rest is offered to keepers in a Dutch auction
/// (DESIGN §5.6, Maker Liquidations 2.0).
/// </summary>
/// <param name="Sequence">Command number.</param>
/// <param name="Lot">Lot id (a keeper takes it with <see cref="Commands.TakeAuctionLot"/>).</param>
/// <param name="Account">The liquidated account.</param>
/// <param name="Market">The market.</param>
/// <param name="LiquidatingLong">True when the keeper buys (a long is liquidated).</param>
/// <param name="Size">Base quantums on offer.</param>
/// <param name="Start">Start price: oracle × (1 ± start premium), against the keeper.</param>
/// <param name="End">The bankruptcy price the price decays toward and never passes.</param>
/// <param name="Curve">The decay curve.</param>
/// <param name="Keeper">The keeper whose request opened the lot (paid tip + chip), or null.</param>
/// <param name="Incentive">Tip + chip paid to that keeper from the insurance fund.</param>
/// <param name="Why">What sent the position to auction.</param>
public sealed record AuctionLotOpened(
    long Sequence, LotId Lot, AccountId Account, MarketId Market, bool LiquidatingLong, long Size, Price Start, Price End, AuctionCurve Curve, string? Keeper, Quantums Incentive, AuctionOpenReason Why) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.AuctionLotOpened;
}

/// <summary>A keeper took (part of) a lot at the auction's current price.</summary>
/// <param name="Sequence">Command number.</param>
/// <param name="Lot">The lot.</param>
/// <param name="Account">The liquidated account behind the lot.</param>
/// <param name="Market">The lot's market.</param>
/// <param name="Taker">The keeper's account that took the size.</param>
/// <param name="Size">Base quantums taken.</param>
/// <param name="Price">The auction price paid.</param>
/// <param name="Remaining">Base quantums left in the lot.</param>
public sealed record AuctionLotTaken(long Sequence, LotId Lot, AccountId Account, MarketId Market, AccountId Taker, long Size, Price Price, long Remaining) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.AuctionLotTaken;
}

/// <summary>A lot restarted from the current oracle (too old, or its price drifted too far from the oracle).</summary>
public sealed record AuctionLotReset(long Sequence, LotId Lot, AccountId Account, MarketId Market, Price PriceBefore, Price Start, Price End, int Resets, AuctionResetReason Why) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.AuctionLotReset;
}

/// <summary>A lot left the auction (taken in full, the account recovered, or the auction failed and the backstop took over).</summary>
public sealed record AuctionLotClosed(long Sequence, LotId Lot, AccountId Account, MarketId Market, long Remaining, AuctionCloseReason Why) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.AuctionLotClosed;
}

/// <summary>
/// The insurance fund took a position (and the collateral behind it) at the bankruptcy price: the account's pool is
/// left with zero equity; the fund pays the price from its balance and holds the position, so its equity (balance +
/// holdings at the mark) moves by the difference from the mark.
/// </summary>
/// <param name="Sequence">Command number.</param>
/// <param name="Account">The account.</param>
/// <param name="Market">The market.</param>
/// <param name="Fund">The insurance fund.</param>
/// <param name="Size">Base quantums taken (signed as the account's position was).</param>
/// <param name="Price">Transfer price: the bankruptcy price (the mark when none exists).</param>
/// <param name="Mark">The mark the fund's holding is valued at.</param>
/// <param name="EquityBefore">The pool's equity before the takeover (negative: the fund pays the loss).</param>
/// <param name="FundEquityDelta">Change of the fund's equity (negative: the fund paid for a loss).</param>
/// <param name="FundEquity">The fund's equity after.</param>
/// <param name="Forced">True when the fund could not cover (floor or payout cap) and nothing else could take the position.</param>
/// <param name="Why">What sent the position to the backstop.</param>
public sealed record BackstopTakeover(
    long Sequence, AccountId Account, MarketId Market, FundId Fund, long Size, Price Price, Price Mark, Quantums EquityBefore, Quantums FundEquityDelta, Quantums FundEquity, bool Forced, BackstopReason Why) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.BackstopTakeover;
}

/// <summary>
/// The insurance fund could not take a position within its means (docs/engine.md §7.2): its equity is not positive, the
/// depth cannot absorb its inventory, its equity at the stressed exit would fall under its floor, its inventory would
/// exceed its capacity, or it would exceed its payout cap for the window.
/// </summary>
/// <param name="Sequence">Command number.</param>
/// <param name="Account">The account.</param>
/// <param name="Market">The market.</param>
/// <param name="Fund">The insurance fund.</param>
/// <param name="Loss">What the takeover would cost the fund's equity at the mark (negative: a gain at the mark).</param>
/// <param name="FundEquity">The fund's equity now, at the mark.</param>
/// <param name="Floor">Its floor.</param>
/// <param name="PaidInWindow">What it already paid in the market's window.</param>
/// <param name="PayoutCap">Its payout cap per window.</param>
/// <param name="StressedFundEquity">Its equity after the takeover with every holding at its stressed exit (what the depth could not absorb left out).</param>
/// <param name="Inventory">Σ |holding| × mark after the takeover.</param>
/// <param name="InventoryCap">Capacity × max(0, stressed equity), rounded down.</param>
/// <param name="UnexitedSize">Base quantums of its holdings after the takeover that the current depth could not absorb.</param>
public sealed record BackstopDeclined(
    long Sequence, AccountId Account, MarketId Market, FundId Fund, Quantums Loss, Quantums FundEquity, Quantums Floor, Quantums PaidInWindow, Quantums PayoutCap,
    Quantums StressedFundEquity, Quantums Inventory, Quantums InventoryCap, long UnexitedSize) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.BackstopDeclined;
}

/// <summary>
/// Auto-deleveraging: an opposite position was closed against a bankrupt one at the bankruptcy price. One event per
/// affected account, in queue order.
/// </summary>
/// <param name="Sequence">Command number.</param>
/// <param name="Account">The deleveraged account.</param>
/// <param name="Bankrupt">The account whose position it absorbed.</param>
/// <param name="Market">The market.</param>
/// <param name="Size">Base quantums closed (signed as the deleveraged position was).</param>
/// <param name="Price">The bankruptcy price.</param>
/// <param name="LossVersusMark">What closing at that price instead of the mark cost the account, rounded up.</param>
/// <param name="Score">Its queue score (PnL% × leverage, ppm; see <see cref="AdlRanking"/>).</param>
/// <param name="Rank">Its place in the queue (1 first).</param>
public sealed record Deleveraged(
    long Sequence, AccountId Account, AccountId Bankrupt, MarketId Market, long Size, Price Price, Quantums LossVersusMark, long Score, int Rank) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.Deleveraged;
}

/// <summary>One holder's share of a socialized loss.</summary>
/// <param name="Account">The holder.</param>
/// <param name="Size">Its position's signed size (the weight is |size|).</param>
/// <param name="Amount">Charged to its position's quote balance, rounded up.</param>
public readonly record struct SocializedCharge(AccountId Account, long Size, Quantums Amount);

/// <summary>The last resort: a shortfall the insurance fund could not absorb, charged pro rata over the market's open interest.</summary>
public sealed record SocializedLoss(long Sequence, MarketId Market, FundId Fund, Quantums Shortfall, Quantums Collected, long OpenInterest, IReadOnlyList<SocializedCharge> Charges) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.SocializedLoss;
}

/// <summary>Outstanding bad debt changed (withdrawals are refused while it is positive).</summary>
public sealed record BadDebtChanged(long Sequence, Quantums Delta, Quantums Balance, BadDebtReason Why) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.BadDebtChanged;
}

/// <summary>
/// The book left part of a step unfilled inside the bound, but the position has not yet gone
/// <see cref="LiquidationParameters.BookWindowsBeforeAuction"/> consecutive windows without the book filling a whole
/// step: the remainder stays in liquidation for the next window instead of going to a Dutch auction. Emitted once per
/// window.
/// </summary>
/// <param name="Sequence">Command number.</param>
/// <param name="Account">The account.</param>
/// <param name="Market">The market.</param>
/// <param name="Unfilled">Base quantums of the step the book did not fill.</param>
/// <param name="Windows">Consecutive windows with an unfilled remainder, this one included.</param>
/// <param name="WindowsBeforeAuction">The count at which the remainder goes to auction.</param>
public sealed record AuctionDeferred(long Sequence, AccountId Account, MarketId Market, long Unfilled, int Windows, int WindowsBeforeAuction) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.AuctionDeferred;
}

/// <summary>
/// An insurance fund sold (bought back) part of a position it holds after backstop takeovers into the order book,
/// immediate-or-cancel within <see cref="LiquidationParameters.FundUnwindMaxSlippage"/> of the mark.
/// </summary>
/// <param name="Sequence">Command number.</param>
/// <param name="Fund">The insurance fund.</param>
/// <param name="Market">The market.</param>
/// <param name="Size">Change of the fund's holding, base quantums (negative: it sold a long).</param>
/// <param name="AveragePrice">Σ price × size / Σ size of the fills, rounded against the fund (down for a sell, up for a buy).</param>
/// <param name="Mark">The mark at the unwind.</param>
/// <param name="Limit">The worst price allowed: the mark ∓ the slippage bound, rounded toward the mark.</param>
/// <param name="Proceeds">Quote quantums the fund received (negative: it paid), exactly what the makers paid (received).</param>
/// <param name="CostBasis">The share of the holding's takeover cost the unwound part carries (rounded up).</param>
/// <param name="RealizedPnl">Proceeds − cost basis: the fund's gain (loss) against the takeover prices.</param>
/// <param name="HoldingLeft">The fund's holding in the market after the unwind, signed.</param>
/// <param name="FundEquity">The fund's equity (balance + holdings at the mark) after the unwind.</param>
/// <param name="Fills">Each fill in match order (the maker and its price).</param>
public sealed record FundUnwound(
    long Sequence, FundId Fund, MarketId Market, long Size, Price AveragePrice, Price Mark, Price Limit, Quantums Proceeds, Quantums CostBasis, Quantums RealizedPnl, long HoldingLeft, Quantums FundEquity, IReadOnlyList<LiquidationFill> Fills) : EngineEvent(Sequence)
{
    /// <inheritdoc />
    public override EventCode Code => EventCode.FundUnwound;
}
