using CsCheck;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Core.Tests.TestWorld;

namespace MarginCall.Core.Tests.Properties;

/// <summary>Extreme magnitudes compute exactly or are refused with a typed exception; nothing wraps.</summary>
public sealed class ExtremeTests
{
    [Fact]
    public void A_million_BTC_at_ten_million_overflows_micro_USDC_and_is_refused_with_OverflowException()
    {
        // 10^6 × 10^7 = 10^13 USDC = 10^19 quantums at 6 decimals: beyond long.MaxValue ≈ 9.2 × 10^18.
        var world = WorldBuilder.WithQuote("USDC", decimals: 6)
            .Market("BTC-USD", sizeDecimals: 8, priceDecimals: 2, WorldBuilder.Flat("0.1", "0.05"))
            .Build()
            .SetPrice("BTC-USD", "10000000");
        var account = world.NewAccount();

        Assert.Throws<OverflowException>(() => world.Open(account, "BTC-USD", "1000000", "10000000"));
    }

    [Fact]
    public void A_million_BTC_at_ten_million_fits_in_cents_and_its_figures_are_exact()
    {
        var world = WorldBuilder.WithQuote("USD", decimals: 2)
            .Market("BTC-USD", sizeDecimals: 8, priceDecimals: 2, WorldBuilder.Flat("0.1", "0.05"))
            .Build()
            .SetPrice("BTC-USD", "10000000");
        var account = world.NewAccount();
        world.Deposit(account, "USD", "2000000000000");
        world.Open(account, "BTC-USD", "1000000", "10000000");

        var figures = AccountFigures.Of(world.Venue, world.Prices, account);

        Assert.Equal(world.Quote("10000000000000"), figures.Cross.Notional);
        Assert.Equal(world.Quote("500000000000"), figures.Cross.MaintenanceRequirement);
        Assert.Equal(world.Quote("2000000000000"), figures.Cross.Equity);
        // 2×10^12 + 10^6 (p − 10^7) = 0.05 × 10^6 p ⇒ p = 8×10^12 / 0.95×10^6 = 8,421,052.6315…, up for a long.
        Assert.Equal("8421052.64", world.FormatPrice("BTC-USD", figures.Positions[0].LiquidationPrice));
    }

    [Fact]
    public void Prices_of_one_hundred_millionth_compute_a_liquidation_price_to_the_unit()
    {
        var world = WorldBuilder.WithQuote("USDC")
            .Market("PEPE-USD", sizeDecimals: 0, priceDecimals: 10, WorldBuilder.Flat("0.2", "0.1"))
            .Build()
            .SetPrice("PEPE-USD", "0.00000001");
        var account = world.NewAccount();
        world.Deposit(account, "USDC", "5000");
        world.Open(account, "PEPE-USD", "-1000000000000", "0.00000001"); // short 10^12 at 10^−8: notional 10,000 USDC

        var liquidation = world.LiquidationPrice(account, "PEPE-USD");

        // 5,000 + 10,000 − 10^12 p = 0.1 × 10^12 p ⇒ p = 15,000 / 1.1×10^12 = 1.3636…×10^−8, down for a short.
        Assert.Equal("0.0000000136", world.FormatPrice("PEPE-USD", liquidation));
    }

    [Fact]
    public void Fifty_cross_positions_compute_without_overflow_and_sum_exactly()
    {
        var builder = WorldBuilder.WithQuote("USDC");
        for (var i = 0; i < 50; i++)
        {
            builder.Market($"M{i}-USD", sizeDecimals: 6, priceDecimals: 4, WorldBuilder.Flat("0.05", "0.02"));
        }

        var world = builder.Build();
        var account = world.NewAccount();
        world.Deposit(account, "USDC", "100000000");
        for (var i = 0; i < 50; i++)
        {
            world.SetPrice($"M{i}-USD", "1234.5678");
            world.Open(account, $"M{i}-USD", i % 2 == 0 ? "100000" : "-100000", "1200");
        }

        var figures = AccountFigures.Of(world.Venue, world.Prices, account);

        var exact = ExactFigures.Cross(world, account);
        Assert.Equal(50, figures.Positions.Count);
        Assert.True(exact.Equity.Same(Rational.Of(figures.Cross.Equity.Value))); // every value term is exact at these decimals
        Assert.True(exact.MaintenanceRequirement.Same(Rational.Of(figures.Cross.MaintenanceRequirement.Value)));
        Assert.All(figures.Positions, p => Assert.NotNull(p.LiquidationPrice));
    }

    [Fact]
    public void Random_extreme_magnitudes_compute_exactly_or_throw_a_typed_exception_never_wrap() =>
        Gen.Select(Gen.Long[1, long.MaxValue / 4], Gen.Long[1, long.MaxValue / 4], Gen.Int[0, 18], Gen.Int[0, 12], Gen.Bool, Gen.Long[0, long.MaxValue / 4])
            .Sample((size, price, sizeDecimals, priceDecimals, isShort, deposit) =>
            {
                World world;
                Account account;
                try
                {
                    world = WorldBuilder.WithQuote("USDC")
                        .Market("X-USD", sizeDecimals, priceDecimals, WorldBuilder.Flat("0.1", "0.05"))
                        .Build();
                    world.Prices.SetMarket(world.Market("X-USD").Id, new Price(price));
                    account = world.NewAccount();
                    account.SetSpotBalance(world.Asset("USDC").Id, deposit);
                    var market = world.Market("X-USD");
                    var signed = isShort ? -size : size;
                    account.SetPosition(new PerpPosition(market.Id, MarginMode.Cross, signed, PositionMath.QuoteBalanceAtEntry(market, signed, new Price(price)), 0, 0));
                }
                catch (Exception e) when (e is OverflowException or ModelValidationException)
                {
                    return;
                }

                try
                {
                    var figures = AccountFigures.Of(world.Venue, world.Prices, account);
                    var exact = ExactFigures.Cross(world, account);
                    Assert.True(Rational.Of(figures.Cross.Equity.Value) <= exact.Equity);
                    Assert.True(Rational.Of(figures.Cross.Equity.Value + 3) > exact.Equity);
                    Assert.True(Rational.Of(figures.Cross.MaintenanceRequirement.Value) >= exact.MaintenanceRequirement);
                    Assert.True(Rational.Of(figures.Cross.MaintenanceRequirement.Value - 3) < exact.MaintenanceRequirement);
                }
                catch (Exception e) when (e is OverflowException or ModelValidationException)
                {
                }
            }, iter: 2000);
}
