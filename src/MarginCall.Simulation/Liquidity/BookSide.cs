namespace MarginCall.Simulation.Liquidity;

/// <summary>Side of the simulated book.</summary>
public enum BookSide : byte
{
    /// <summary>Buy orders below the mid: what a long's liquidation (a sell) consumes.</summary>
    Bid,

    /// <summary>Sell orders above the mid: what a short's liquidation (a buy) consumes.</summary>
    Ask,
}
