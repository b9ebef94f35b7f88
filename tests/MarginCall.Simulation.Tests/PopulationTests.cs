using MarginCall.Core.Model;
using MarginCall.Simulation.Population;
using MarginCall.Simulation.Randomness;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Tests;

public class PopulationTests
{
    [Fact]
    public void A_generated_population_follows_its_ratios_and_distributions()
    {
        var spec = new PopulationSpec
        {
            Count = 20_000,
            Notional = new Distribution { Kind = "lognormal", Median = 10_000, Sigma = 1.0 },
            Leverage = new Distribution { Kind = "uniform", Min = 2, Max = 20 },
            LongRatio = 0.7,
            IsolatedRatio = 0.25,
            PositionsPerAccount = new Distribution { Kind = "choice", Values = [1, 2] },
        };

        var accounts = PopulationGenerator.Generate(spec, marketCount: 2, new Xoshiro256StarStar(1, 1));
        var positions = accounts.SelectMany(a => a.Positions).ToList();

        Assert.Equal(20_000, accounts.Count);
        Assert.InRange(positions.Count(p => p.IsLong) / (double)positions.Count, 0.69, 0.71);
        Assert.InRange(positions.Count(p => p.Mode == MarginMode.Isolated) / (double)positions.Count, 0.24, 0.26);
        Assert.InRange(accounts.Count(a => a.Positions.Count == 2) / (double)accounts.Count, 0.48, 0.52);
        Assert.All(accounts, a => Assert.Equal(a.Positions.Select(p => p.Market).Distinct().Count(), a.Positions.Count));
        var sortedNotional = positions.Select(p => p.Notional).Order().ToList();
        Assert.InRange(sortedNotional[sortedNotional.Count / 2], 9_500, 10_500); // the median of a lognormal is its median parameter
        Assert.All(positions, p => Assert.InRange(p.Leverage, 2, 20));
    }

    [Fact]
    public void The_same_seed_draws_the_same_population()
    {
        var spec = new PopulationSpec { Count = 100, Notional = new Distribution { Kind = "pareto", Min = 1_000, Alpha = 1.5, Max = 1e7 } };

        var a = PopulationGenerator.Generate(spec, 1, new Xoshiro256StarStar(9, 1));
        var b = PopulationGenerator.Generate(spec, 1, new Xoshiro256StarStar(9, 1));

        Assert.Equal(a.SelectMany(x => x.Positions), b.SelectMany(x => x.Positions));
    }

    [Fact]
    public void Enumerating_draws_the_same_accounts_as_generating()
    {
        var spec = new PopulationSpec
        {
            Count = 500,
            Notional = new Distribution { Kind = "lognormal", Median = 5_000, Sigma = 0.8 },
            IsolatedRatio = 0.3,
            PositionsPerAccount = new Distribution { Kind = "choice", Values = [1, 2, 3], Weights = [50, 30, 20] },
        };

        var generated = PopulationGenerator.Generate(spec, 4, new Xoshiro256StarStar(7, 1));
        var enumerated = PopulationGenerator.Enumerate(spec, 4, new Xoshiro256StarStar(7, 1)).ToList();

        Assert.Equal(generated.Select(a => a.Owner), enumerated.Select(a => a.Owner));
        Assert.Equal(generated.SelectMany(a => a.Positions), enumerated.SelectMany(a => a.Positions));
    }

    [Fact]
    public void A_loguniform_draw_spreads_evenly_over_the_decades_between_its_bounds()
    {
        var distribution = new Distribution { Kind = "loguniform", Min = 100, Max = 100_000 };
        var random = new Xoshiro256StarStar(3, 1);

        var draws = Enumerable.Range(0, 30_000).Select(_ => distribution.Sample(random)).ToList();

        Assert.Null(distribution.Validate());
        Assert.All(draws, x => Assert.InRange(x, 100, 100_000));
        Assert.InRange(draws.Order().ElementAt(draws.Count / 2), 2_900, 3_450); // the median is the geometric mean, 3,162
        Assert.InRange(draws.Count(x => x < 1_000) / (double)draws.Count, 0.32, 0.35); // one decade of three
    }

    [Fact]
    public void A_loguniform_distribution_needs_a_positive_min_not_above_its_max()
    {
        Assert.Equal("min", new Distribution { Kind = "loguniform", Min = 0, Max = 10 }.Validate()?.Field);
        Assert.Equal("max", new Distribution { Kind = "loguniform", Min = 10, Max = 1 }.Validate()?.Field);
    }
}
