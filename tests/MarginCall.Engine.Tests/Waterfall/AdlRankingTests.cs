using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;
using static MarginCall.Engine.Tests.Liquidation.LiquidationWorld;

namespace MarginCall.Engine.Tests.Waterfall;

/// <summary>The ADL queue score against a hand-computed table (PnL% × leverage for winners, PnL% / leverage for losers).</summary>
public sealed class AdlRankingTests
{
    [Theory]
    // pnl, cost, notional, equity → score (ppm)
    [InlineData(1_000, 10_000, 11_000, 2_000, 550_000)] // 10% × 5.5
    [InlineData(500, 2_000, 2_500, 2_500, 250_000)] // 25% × 1
    [InlineData(200, 1_000, 1_200, 100, 2_400_000)] // 20% × 12
    [InlineData(-300, 3_000, 2_700, 900, -33_334)] // −10% / 3, rounded down
    public void Score_matches_the_table(int pnl, int cost, int notional, int equity, long expected)
    {
        var score = AdlRanking.Score(new Quantums(Usd(pnl)), new Quantums(Usd(cost)), new Quantums(Usd(notional)), new Quantums(Usd(equity)));

        Assert.Equal(expected, score);
    }

    [Fact]
    public void An_account_without_positive_equity_is_not_in_the_queue()
    {
        Assert.Null(AdlRanking.Score(new Quantums(1), new Quantums(1), new Quantums(1), Quantums.Zero));
    }
}
