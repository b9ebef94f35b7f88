using MarginCall.Core.Model;
using MarginCall.Engine.OrderBook;

namespace MarginCall.Keeper.Strategy;

/// <summary>
/// Where the keeper lays off what it takes: what an order of a given size would fill and at what average price,
/// without trading. The simulator answers from its market maker's modelled depth; a keeper client from the book it
/// sees through the read API.
/// </summary>
public interface IHedgeQuotes
{
    /// <summary>What a taker on <paramref name="takerSide"/> would get for <paramref name="size"/> base quantums of <paramref name="market"/>.</summary>
    HedgeQuote Peek(MarketId market, Side takerSide, long size);
}

/// <summary>An answer of <see cref="IHedgeQuotes.Peek"/>.</summary>
/// <param name="Filled">Base quantums the depth would fill.</param>
/// <param name="AveragePrice">Average fill price, whole quote units per whole base unit (a valuation, not a ledger value).</param>
public readonly record struct HedgeQuote(long Filled, double AveragePrice);
