using CsCheck;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Core.Tests.TestWorld;

namespace MarginCall.Core.Tests.Properties;

/// <summary>Invariants of the liquidation and bankruptcy prices over random cross/isolated accounts.</summary>
public sealed class LiquidationPriceProperties
{
    // Equity floors each value term, requirements ceil the notional and then the rate product: a few quantums apart
    // from the exact figures at most.
    private const long RoundingSlack = 4;

    private const int Iterations = 300;

    [Fact]
    public void Liquidation_price_puts_equity_exactly_at_maintenance() =>
        Scenario.Gen.Sample(scenario =>
        {
            var (world, account) = scenario.Build();
            foreach (var position in account.Positions.ToArray())
            {
                var liquidation = PriceSolver.LiquidationPrice(world.Venue, world.Prices, account, position);
                var adverse = position.Size > 0 ? -1 : 1;
                if (liquidation is not { } price)
                {
                    // No price: a long no positive price pushes under, or a short under at every positive price.
                    Assert.Equal(position.Size < 0, ExcessAt(world, account, position, 1) < 0);
                    continue;
                }

                var excess = ExcessAt(world, account, position, price.Units);
                var oneUnit = 2 * world.Venue.Market(position.Market).Scale.Notional(position.Size, new Price(1)).Value;
                Assert.InRange(excess, -RoundingSlack, oneUnit + RoundingSlack);

                // Never more lenient than exact: one price unit further in the adverse direction the pool is under.
                if (price.Units + adverse > 0)
                {
                    Assert.True(ExcessAt(world, account, position, price.Units + adverse) < 0, "not under one unit past the liquidation price");
                }
            }
        }, iter: Iterations);

    [Fact]
    public void Bankruptcy_price_puts_equity_at_zero_and_one_unit_past_it_the_pool_is_insolvent() =>
        Scenario.Gen.Sample(scenario =>
        {
            var (world, account) = scenario.Build();
            foreach (var position in account.Positions.ToArray())
            {
                if (PriceSolver.BankruptcyPrice(world.Venue, world.Prices, account, position) is not { } price)
                {
                    continue;
                }

                var equity = EquityAt(world, account, position, price.Units);
                var oneUnit = world.Venue.Market(position.Market).Scale.Notional(position.Size, new Price(1)).Value;
                Assert.InRange(equity, -1, oneUnit + 1);
                var adverse = position.Size > 0 ? -1 : 1;
                if (price.Units + adverse > 0)
                {
                    Assert.True(EquityAt(world, account, position, price.Units + adverse) < 0);
                }
            }
        }, iter: Iterations);

    [Fact]
    public void Maintenance_excess_only_falls_as_the_price_moves_against_the_position() =>
        Scenario.Gen.Sample(scenario =>
        {
            var (world, account) = scenario.Build();
            foreach (var position in account.Positions.ToArray())
            {
                var start = world.Prices.Market(position.Market).Units;
                var previous = ExcessAt(world, account, position, start);
                for (var step = 1; step <= 12; step++)
                {
                    // 8% moves: down for a long, up for a short.
                    var price = position.Size > 0 ? start * (100 - (8 * step)) / 100 : start * (100 + (8 * step)) / 100;
                    if (price <= 0)
                    {
                        break;
                    }

                    var excess = ExcessAt(world, account, position, price);
                    Assert.True(excess <= previous + RoundingSlack, $"excess rose from {previous} to {excess} at {price}");
                    previous = excess;
                }
            }
        }, iter: Iterations);

    [Fact]
    public void Health_ratio_is_not_monotone_for_an_overcollateralized_long_so_the_engine_orders_by_excess()
    {
        // Specification by counterexample: health = equity / requirement, and a long's requirement shrinks with its
        // price, so a long with collateral far beyond 1/rate looks healthier after the price falls. The excess
        // (equity − requirement) is what falls monotonically (property above).
        var world = Scenario.NewWorld().SetPrice("DOGE-USD", "1");
        var account = world.NewAccount();
        world.Deposit(account, "USDC", "1000");
        world.Open(account, "DOGE-USD", "10", "1");
        var before = world.Pool(account, "DOGE-USD");

        world.SetPrice("DOGE-USD", "0.5");
        var after = world.Pool(account, "DOGE-USD");

        Assert.True(after.Health > before.Health);
        Assert.True(after.MaintenanceExcess < before.MaintenanceExcess);
    }

    private static long ExcessAt(World world, Account account, PerpPosition position, long price) =>
        At(world, account, position, price).MaintenanceExcess.Value;

    private static long EquityAt(World world, Account account, PerpPosition position, long price) =>
        At(world, account, position, price).Equity.Value;

    private static MarginFigures At(World world, Account account, PerpPosition position, long price)
    {
        var prices = world.Prices.Clone();
        prices.SetMarket(position.Market, new Price(price));
        return MarginCalculator.PoolOf(world.Venue, prices, account, position);
    }
}
