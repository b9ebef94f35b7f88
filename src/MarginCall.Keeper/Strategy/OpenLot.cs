using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Keeper.Strategy;

/// <summary>
/// An open Dutch auction lot as the keeper knows it from events (<c>AuctionLotOpened</c>, <c>AuctionLotReset</c>,
/// <c>AuctionLotTaken</c>, <c>AuctionLotClosed</c>), with the engine time it opened or last reset at.
/// </summary>
/// <param name="Id">Lot id.</param>
/// <param name="Account">The liquidated account.</param>
/// <param name="Market">The market.</param>
/// <param name="LiquidatingLong">True when the keeper buys (a long is liquidated).</param>
/// <param name="Size">Base quantums still on offer.</param>
/// <param name="Start">Price at <paramref name="StartMs"/>.</param>
/// <param name="End">The bankruptcy price the lot decays toward.</param>
/// <param name="StartMs">When the lot opened or last reset, engine milliseconds.</param>
public sealed record OpenLot(long Id, AccountId Account, MarketId Market, bool LiquidatingLong, long Size, Price Start, Price End, long StartMs);
