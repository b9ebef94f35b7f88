using MarginCall.Core.Model;
using MarginCall.Engine.OrderBook;
using MarginCall.Keeper.Strategy;
using ModelSide = MarginCall.Simulation.Liquidity.BookSide;

namespace MarginCall.Simulation.Running;

/// <summary>
/// The simulated keeper's hedge venue: the market makers' modelled depth around the current mids. A sell hedge walks
/// the bids, a buy hedge the asks (<see cref="Liquidity.BookDepth.Peek"/>, nothing is taken).
/// </summary>
internal sealed class MakerHedgeQuotes : IHedgeQuotes
{
    private readonly MarketMaker[] makers;
    private readonly double[] mids;

    /// <summary>Quotes from <paramref name="makers"/> around <paramref name="mids"/> (read live: the run updates them).</summary>
    public MakerHedgeQuotes(MarketMaker[] makers, double[] mids)
    {
        this.makers = makers;
        this.mids = mids;
    }

    public HedgeQuote Peek(MarketId market, Side takerSide, long size)
    {
        var m = market.Value;
        var sweep = makers[m].Depth.Peek(takerSide == Side.Sell ? ModelSide.Bid : ModelSide.Ask, size, mids[m]);
        return new HedgeQuote(sweep.Filled, sweep.AveragePrice);
    }
}
