using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Engine.OrderBook;

/// <summary>
/// One match between a taker and a resting maker order. The trade happens at the maker's price (price-time priority:
/// the taker gets any price improvement over its limit).
/// </summary>
/// <param name="MakerOrder">The resting order that was hit.</param>
/// <param name="Maker">Owner of the resting order.</param>
/// <param name="Taker">The account whose incoming order or IOC took liquidity.</param>
/// <param name="TakerSide">The taker's side; the maker traded the opposite side.</param>
/// <param name="Price">Trade price: the maker order's limit price.</param>
/// <param name="Size">Traded size in base quantums, always &gt; 0.</param>
/// <param name="MakerRemaining">
/// Base quantums the maker order still rests with after this fill; 0 means the maker order is complete and gone.
/// </param>
public readonly record struct Fill(
    OrderId MakerOrder,
    AccountId Maker,
    AccountId Taker,
    Side TakerSide,
    Price Price,
    long Size,
    long MakerRemaining);
