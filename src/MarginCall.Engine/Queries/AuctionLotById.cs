using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Queries;

/// <summary>Orders auction lots by id (the order lots are opened in, and the order every reader sees them in).</summary>
internal sealed class AuctionLotById : IComparer<AuctionLot>
{
    public static AuctionLotById Instance { get; } = new();

    public int Compare(AuctionLot? x, AuctionLot? y) => (x?.Id ?? long.MinValue).CompareTo(y?.Id ?? long.MinValue);
}
