using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Keeper.Strategy;

/// <summary>An account as a keeper sees it: its state, whether it is liquidatable now, and its positions.</summary>
/// <param name="Account">The account.</param>
/// <param name="State">Its state in the engine's liquidation state machine.</param>
/// <param name="IsLiquidatable">Whether its figures at the current marks put it under maintenance plus the expected fee.</param>
/// <param name="Health">Health of its worst pool (null when nothing is required).</param>
/// <param name="Equity">Equity of its worst pool, quote quantums.</param>
/// <param name="LiquidationStartMs">When it entered liquidation, engine milliseconds (meaningful while in liquidation).</param>
/// <param name="Positions">Its open positions, by market id.</param>
public sealed record AccountStanding(
    AccountId Account,
    LiquidationState State,
    bool IsLiquidatable,
    Ppm? Health,
    Quantums Equity,
    long LiquidationStartMs,
    IReadOnlyList<PositionStanding> Positions);

/// <summary>One open position of an <see cref="AccountStanding"/>.</summary>
/// <param name="Market">The market.</param>
/// <param name="Size">Signed size, base quantums.</param>
/// <param name="Notional">|size| × mark, quote quantums (rounded up).</param>
public readonly record struct PositionStanding(MarketId Market, long Size, Quantums Notional);
