namespace MarginCall.Core.Model;

/// <summary>
/// A perpetual position, stored inline in its account (40 bytes).
/// Unrealized PnL = size × price + <see cref="QuoteBalance"/>: opening a long of s at p sets the quote balance to
/// −s × p, so realized PnL stays in it as the position changes (dYdX v4's quote-balance convention).
/// An isolated position also holds <see cref="IsolatedMargin"/>, the collateral set aside for it alone.
/// </summary>
/// <param name="Market">The market.</param>
/// <param name="Mode">Cross or isolated.</param>
/// <param name="Size">Signed size in base quantums: long &gt; 0, short &lt; 0.</param>
/// <param name="QuoteBalance">Quote quantums: entry cost with realized PnL and settled funding.</param>
/// <param name="IsolatedMargin">Collateral of an isolated position, quote quantums (0 for cross).</param>
/// <param name="LastFundingIndex">The market's funding index when funding was last settled into the position.</param>
public readonly record struct PerpPosition(
    MarketId Market,
    MarginMode Mode,
    long Size,
    long QuoteBalance,
    long IsolatedMargin,
    long LastFundingIndex);
