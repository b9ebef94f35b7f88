using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Events;

/// <summary>One match of a liquidation against a resting order: the maker took the other side at its price.</summary>
/// <param name="MakerOrder">The resting order hit.</param>
/// <param name="Maker">Its owner.</param>
/// <param name="Price">Trade price (the maker's limit).</param>
/// <param name="Size">Base quantums.</param>
public readonly record struct LiquidationFill(long MakerOrder, AccountId Maker, Price Price, long Size);

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
    FeeBreakdown Fee) : EngineEvent(Sequence);
