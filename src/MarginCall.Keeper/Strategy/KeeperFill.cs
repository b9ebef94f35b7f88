using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.OrderBook;

namespace MarginCall.Keeper.Strategy;

/// <summary>A lot (part) the keeper took, as the engine's <c>AuctionLotTaken</c> reported it, waiting to be hedged.</summary>
/// <param name="Lot">Lot id.</param>
/// <param name="Market">The market.</param>
/// <param name="LiquidatingLong">True when the keeper bought (it took a liquidated long).</param>
/// <param name="Size">Base quantums taken.</param>
/// <param name="Price">The auction price paid (received).</param>
public readonly record struct KeeperFill(long Lot, MarketId Market, bool LiquidatingLong, long Size, Price Price)
{
    /// <summary>The side of the order that lays the fill off: sell what was bought, buy back what was sold.</summary>
    public Side HedgeSide => LiquidatingLong ? Side.Sell : Side.Buy;
}
