namespace MarginCall.Engine.OrderBook;

/// <summary>The side of an order: a buy rests on the bids, a sell on the asks.</summary>
public enum Side : byte
{
    /// <summary>Buys base for quote; rests on the bid side; as a taker it lifts asks.</summary>
    Buy = 0,

    /// <summary>Sells base for quote; rests on the ask side; as a taker it hits bids.</summary>
    Sell = 1,
}

/// <summary>Helpers on <see cref="Side"/>.</summary>
public static class SideExtensions
{
    /// <summary>The side a taker of <paramref name="side"/> matches against.</summary>
    public static Side Opposite(this Side side) => side == Side.Buy ? Side.Sell : Side.Buy;
}
