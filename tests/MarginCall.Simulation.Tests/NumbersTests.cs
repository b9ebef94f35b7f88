using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Randomness;
using MarginCall.Simulation.Sweeps;

namespace MarginCall.Simulation.Tests;

public class NumbersTests
{
    [Theory]
    [InlineData(65000.504, 2, 1, 6500050)]
    [InlineData(65000.505, 2, 1, 6500051)]
    [InlineData(65012.3, 2, 50, 6501250)]
    [InlineData(0.0000001, 2, 1, 1)]
    public void A_price_rounds_to_the_nearest_tick(double price, int decimals, long tick, long expected) =>
        Assert.Equal(expected, LedgerConversion.ToPrice(price, decimals, tick).Units);

    [Fact]
    public void An_amount_rounds_down_to_the_step()
    {
        Assert.Equal(123_000, LedgerConversion.ToQuantums(0.00123999, 8, 1000).Value);
        Assert.Equal(250_000, LedgerConversion.ToPpm(0.25).Value);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void Non_finite_or_negative_values_never_enter_the_ledger(double value)
    {
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => LedgerConversion.ToPrice(value, 2));
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => LedgerConversion.ToQuantums(value, 6));
    }

    [Fact]
    public void Tail_statistics_use_nearest_rank_quantiles_and_the_mean_of_the_tail()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToList();

        var stats = TailStatistics.Of(values);

        Assert.Equal(50.5, stats.Mean);
        Assert.Equal(95, stats.P95);
        Assert.Equal(99, stats.P99);
        Assert.Equal(98, stats.ExpectedShortfall95); // mean of 96..100
        Assert.Equal(100, stats.ExpectedShortfall99);
    }

    [Fact]
    public void The_generator_is_fixed_by_its_seed_and_stream()
    {
        var a = new Xoshiro256StarStar(123, 1);
        var b = new Xoshiro256StarStar(123, 1);
        var c = new Xoshiro256StarStar(123, 2);
        var first = Enumerable.Range(0, 8).Select(_ => a.NextUInt64()).ToArray();

        Assert.Equal(first, Enumerable.Range(0, 8).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 8).Select(_ => c.NextUInt64()));
    }

    [Fact]
    public void Bounded_integers_stay_in_range_and_cover_it()
    {
        var random = new Xoshiro256StarStar(5);
        var seen = new int[7];
        for (var i = 0; i < 7_000; i++)
        {
            seen[random.NextInt(7)]++;
        }

        Assert.All(seen, count => Assert.InRange(count, 850, 1150));
    }
}
