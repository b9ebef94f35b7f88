using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Engine.OrderBook;

/// <summary>A snapshot of an order resting in the book.</summary>
/// <param name="Id">The order.</param>
/// <param name="Owner">Its account.</param>
/// <param name="Side">Its side.</param>
/// <param name="Price">Its limit price.</param>
/// <param name="Size">Its unfilled size, base quantums.</param>
public readonly record struct RestingOrder(OrderId Id, AccountId Owner, Side Side, Price Price, long Size);

/// <summary>One price level of a side of the book.</summary>
/// <param name="Price">The level's price.</param>
/// <param name="Size">Total resting size at the price, base quantums.</param>
/// <param name="OrderCount">How many orders rest at the price.</param>
public readonly record struct BookLevel(Price Price, long Size, int OrderCount);
