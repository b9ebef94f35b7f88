using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Markets;
using MarginCall.Engine.OrderBook;
using static MarginCall.Engine.Tests.Support.EngineWorld;

namespace MarginCall.Engine.Tests.Markets;

public class OracleGuardTests
{
    [Fact]
    public void Mark_is_the_median_of_oracle_basis_and_book_mid()
    {
        Assert.Equal(new Price(101), MarkPriceGuard.Mark(new Price(100), basisEma: 1, bookMid: new Price(105)));
        Assert.Equal(new Price(100), MarkPriceGuard.Mark(new Price(100), basisEma: 9, bookMid: new Price(95)));
        Assert.Equal(new Price(100), MarkPriceGuard.Mark(new Price(100), basisEma: null, bookMid: null));
    }

    [Fact]
    public void With_two_sources_the_mark_is_their_mean_rounded_toward_the_oracle()
    {
        Assert.Equal(new Price(102), MarkPriceGuard.Mark(new Price(100), basisEma: null, bookMid: new Price(105))); // 102.5 → 102
        Assert.Equal(new Price(98), MarkPriceGuard.Mark(new Price(100), basisEma: null, bookMid: new Price(95)));   // 97.5 → 98
    }

    [Fact]
    public void A_jump_beyond_the_band_is_clamped_to_the_band_edge()
    {
        var band = new Ppm(100_000); // ±10%
        Assert.Equal(new Price(110_000), MarkPriceGuard.Clamp(new Price(150_000), twap: 100_000, band));
        Assert.Equal(new Price(90_000), MarkPriceGuard.Clamp(new Price(10_000), twap: 100_000, band));
        Assert.Equal(new Price(104_000), MarkPriceGuard.Clamp(new Price(104_000), twap: 100_000, band));
    }

    [Fact]
    public void The_twap_moves_by_the_elapsed_share_of_its_window()
    {
        Assert.Equal(100_250, MarkPriceGuard.NextTwap(100_000, new Price(110_000), elapsedMs: 7_500, windowMs: 300_000));
        Assert.Equal(110_000, MarkPriceGuard.NextTwap(100_000, new Price(110_000), elapsedMs: 300_000, windowMs: 300_000));
    }

    [Fact]
    public void A_crash_is_followed_in_band_sized_steps_not_paused()
    {
        var engine = NewEngine();
        Run(engine, Opening(btc: 50_000m));
        var marks = new List<Price>();
        for (var t = 2_000; t <= 400_000; t += 1_000)
        {
            var events = Run(engine, [new AdvanceTime(new EngineTime(t)), new OraclePrice(Btc, Px(30_000m), new EngineTime(t))]);
            marks.Add(events.OfType<MarkPriceChanged>().Single().Mark);
        }

        Assert.True(marks[0] >= Px(45_000m), "the first update is clamped to the band (−10% of the TWAP)");
        Assert.True(marks.Zip(marks.Skip(1)).All(p => p.Second <= p.First), "the mark keeps moving down");
        Assert.Equal(Px(30_000m), marks[^1]); // and arrives within minutes (60 s TWAP, ±10% band): rate-limited, not paused
    }

    [Fact]
    public void A_stale_oracle_raises_an_alert_once_and_a_fresh_price_clears_it()
    {
        var engine = NewEngine();
        Run(engine, Opening());

        var late = Run(engine, [new AdvanceTime(new EngineTime(61_001 + 1_000))]);
        var later = Run(engine, [new AdvanceTime(new EngineTime(90_000))]);
        var fresh = Run(engine, [new OraclePrice(Btc, Px(50_000m), new EngineTime(90_000))]);

        Assert.Equal(2, late.OfType<OracleStalenessChanged>().Count(e => e.Stale)); // both markets
        Assert.Empty(later.OfType<OracleStalenessChanged>());
        Assert.Contains(fresh, e => e is OracleStalenessChanged { Stale: false, Market.Value: 0 });
        Assert.True(engine.State.Markets[Eth.Value].IsStale);
        Assert.False(engine.State.Markets[Btc.Value].IsStale);
    }

    [Fact]
    public void The_book_mid_enters_the_mark_once_the_book_is_two_sided()
    {
        var engine = NewEngine();
        Run(engine, Opening());
        Run(engine, [
            new PlaceOrder(new OrderId(1), MarketMaker, Btc, Side.Buy, Px(50_080m), Size(1m)),
            new PlaceOrder(new OrderId(2), MarketMaker, Btc, Side.Sell, Px(50_120m), Size(1m)),
            new AdvanceTime(new EngineTime(2_000)),
        ]);

        var mark = Run(engine, [new OraclePrice(Btc, Px(50_000m), new EngineTime(2_000))]).OfType<MarkPriceChanged>().Single().Mark;

        // Sources: oracle 50,000; basis EMA = first observation 100 → 50,100; book mid 50,100: median 50,100.
        Assert.Equal(Px(50_100m), mark);
    }
}
