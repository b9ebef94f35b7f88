using MarginCall.Simulation.Liquidity;

namespace MarginCall.Simulation.Tests;

public class LiquidityTests
{
    private static DepthProfile Profile() => new([new DepthLevel(0.001, 100), new DepthLevel(0.002, 200), new DepthLevel(0.003, 300)]);

    [Fact]
    public void A_sweep_walks_levels_best_first_and_reports_the_deepest_price()
    {
        var book = new BookDepth(Profile(), refillRate: 0);

        var result = book.Sweep(BookSide.Bid, 250, mid: 1000);

        Assert.Equal(250, result.Filled);
        Assert.Equal(998, result.WorstPrice, 9);
        Assert.Equal(((100 * 999.0) + (150 * 998.0)) / 250, result.AveragePrice, 9);
        Assert.Equal(0, book.Remaining(BookSide.Bid, 0));
        Assert.Equal(50, book.Remaining(BookSide.Bid, 1));
        Assert.Equal(600, book.TotalRemaining(BookSide.Ask));
    }

    [Fact]
    public void Size_beyond_the_book_stays_unfilled()
    {
        var book = new BookDepth(Profile(), refillRate: 0);

        Assert.Equal(600, book.Sweep(BookSide.Ask, 1_000, 1000).Filled);
        Assert.Equal(0, book.Sweep(BookSide.Ask, 1, 1000).Filled);
    }

    [Fact]
    public void Refill_restores_a_share_of_the_missing_depth_each_step_and_converges()
    {
        var book = new BookDepth(Profile(), refillRate: 0.5);
        book.Take(BookSide.Bid, 2, 300);

        book.Refill();
        Assert.Equal(150, book.Remaining(BookSide.Bid, 2));
        for (var i = 0; i < 20; i++)
        {
            book.Refill();
        }

        Assert.Equal(300, book.Remaining(BookSide.Bid, 2));
    }

    [Fact]
    public void A_ladder_converts_quote_notional_to_base_steps_at_the_initial_price()
    {
        // 100,000 USD at 50,000 USD/BTC = 2 BTC = 200,000,000 sats; growth 10% per level.
        var profile = DepthProfile.Ladder(3, 10, 100_000, 0.1, 50_000, 8, 1000);

        Assert.Equal([200_000_000L, 220_000_000L, 242_000_000L], profile.Levels.ToArray().Select(l => l.Size));
        Assert.Equal(0.003, profile.Levels[2].OffsetFraction, 12);
    }

    [Fact]
    public void Depletion_is_the_log_distance_from_the_full_best_level_to_the_best_remaining_one()
    {
        var book = new BookDepth(Profile(), refillRate: 0);
        Assert.Equal(0, book.Depletion(BookSide.Bid));

        book.Sweep(BookSide.Bid, 50, 1000);
        Assert.Equal(0, book.Depletion(BookSide.Bid)); // half the best level still stands: no move

        book.Sweep(BookSide.Bid, 1, 1000);
        Assert.Equal(Math.Log(0.998 / 0.999), book.Depletion(BookSide.Bid), 12); // a sliver is not a touch

        book.Sweep(BookSide.Bid, 249, 1000);
        Assert.Equal(Math.Log(0.997 / 0.999), book.Depletion(BookSide.Bid), 12);
        book.Sweep(BookSide.Ask, 1000, 1000);
        Assert.Equal(Math.Log(1.004 / 1.001), book.Depletion(BookSide.Ask), 12); // empty side: one spacing beyond the last level
    }

    [Fact]
    public void Impact_moves_the_price_by_the_permanent_share_and_decays_by_half_life()
    {
        var impact = new MarketImpact(permanence: 0.5, halfLifeSeconds: 60);

        impact.Shift(Math.Log(0.9));
        Assert.Equal(Math.Sqrt(0.9), impact.Factor, 12);

        impact.Decay(60);
        Assert.Equal(0.5 * Math.Log(0.9) / 2, impact.LogOffset, 12);
    }
}
