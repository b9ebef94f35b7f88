using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Engine.Liquidation;
using static MarginCall.Engine.Tests.Liquidation.LiquidationWorld;

namespace MarginCall.Engine.Tests.Liquidation;

/// <summary>
/// The sizing stage in isolation. Pool: long 10 ETH at mark 2,000 (notional 20,000, maintenance 5% = 1,000), equity
/// 900 (health 0.9); targets 1.1 / 1.05 / no expected fee, so the target-health line decides.
/// </summary>
public sealed class SizingTests
{
    private static readonly PerpetualMarket Market = new LiquidationWorld().Venue.Market(Eth);
    private static readonly PerpPosition Position = new(Eth, MarginMode.Cross, EthSize(10m), -Usd(19_100m), 0, 0);
    private static readonly MarginFigures Pool = new(new Quantums(Usd(900m)), new Quantums(Usd(2_000m)), new Quantums(Usd(1_000m)), new Quantums(Usd(20_000m)));
    private static readonly SizingTargets Targets = new(new Ppm(1_100_000), new Ppm(1_050_000), Ppm.Zero);

    [Fact]
    public void Without_slippage_or_fee_the_size_is_the_deficit_over_target_times_rate_times_price()
    {
        // q = (1.1 × 1,000 − 900) / (1.1 × 5% × 2,000) = 200 / 110 = 1.8181… ETH → 1.819 ETH (rounded up to the step).
        var (size, reachable) = LiquidationSizing.TargetSize(Market, Position, Pool, At(2_000m), 0, At(2_000m), Ppm.Zero, Targets);

        Assert.True(reachable);
        Assert.Equal(EthSize(1.819m), size);
    }

    [Fact]
    public void Slippage_and_fee_at_the_fill_price_enlarge_the_size()
    {
        // q = 200 / (110 − (2,000 − 1,990) − 1% × 1,990) = 200 / 80.1 = 2.4968… ETH → 2.497 ETH.
        var (size, _) = LiquidationSizing.TargetSize(Market, Position, Pool, At(2_000m), 0, At(1_990m), new Ppm(10_000), Targets);

        Assert.Equal(EthSize(2.497m), size);
    }

    [Fact]
    public void The_size_is_the_least_that_reaches_the_target()
    {
        var (size, _) = LiquidationSizing.TargetSize(Market, Position, Pool, At(2_000m), 0, At(1_990m), new Ppm(10_000), Targets);

        Assert.True(HealthAfter(size, At(1_990m), 10_000) >= 1_100_000);
        Assert.True(HealthAfter(size - 1, At(1_990m), 10_000) < 1_100_000 + 100); // one step less misses (within the rounding slack)
    }

    [Fact]
    public void When_each_unit_costs_more_equity_than_it_frees_the_whole_position_closes()
    {
        // K = 110 − (2,000 − 1,900) − 1% × 1,900 < 0.
        var (size, reachable) = LiquidationSizing.TargetSize(Market, Position, Pool, At(2_000m), 0, At(1_900m), new Ppm(10_000), Targets);

        Assert.False(reachable);
        Assert.Equal(EthSize(10m), size);
    }

    [Fact]
    public void A_healthy_pool_needs_nothing()
    {
        var healthy = Pool with { Equity = new Quantums(Usd(1_200m)) };

        Assert.Equal((0L, true), LiquidationSizing.TargetSize(Market, Position, healthy, At(2_000m), 0, At(2_000m), Ppm.Zero, Targets));
    }

    [Fact]
    public void Tiers_use_the_rate_of_the_band_the_reduced_notional_lands_in()
    {
        // 5% up to 10,000 notional, 10% above (continuous: deduction 500). At 20,000: M = 1,500; equity 1,400.
        // Solved with 10%: q = (1,650 − 1,400) / 220 = 1.136 ETH → notional 17,727: still in the 10% band.
        var schedule = MarginSchedule.Continuous([(new Quantums(Usd(10_000m)), new Ppm(100_000), new Ppm(50_000)), (new Quantums(long.MaxValue), new Ppm(200_000), new Ppm(100_000))]);
        var market = new LiquidationWorld(schedule: schedule).Venue.Market(Eth);
        var pool = new MarginFigures(new Quantums(Usd(1_400m)), Quantums.Zero, new Quantums(Usd(1_500m)), new Quantums(Usd(20_000m)));

        var (size, _) = LiquidationSizing.TargetSize(market, Position, pool, At(2_000m), 0, At(2_000m), Ppm.Zero, Targets);

        Assert.Equal(EthSize(1.137m), size);
    }

    [Fact]
    public void Window_caps_bind_in_order_and_name_the_rule()
    {
        var limits = new SizingLimits(PortionAllowed: 2_500, AccountAllowed: 2_000, MarketAllowed: 3_000, new Quantums(Usd(10m)));

        var decision = LiquidationSizing.Decide(Market, EthSize(10m), At(2_000m), 6_000, reachable: true, critical: false, limits);

        Assert.Equal(new SizingDecision(6_000, 2_000, SizingRule.AccountWindowCap), decision);
    }

    [Fact]
    public void Critical_health_bypasses_the_window_caps()
    {
        var limits = new SizingLimits(1, 1, 1, new Quantums(Usd(10m)));

        var decision = LiquidationSizing.Decide(Market, EthSize(10m), At(2_000m), 6_000, reachable: true, critical: true, limits);

        Assert.Equal(new SizingDecision(6_000, 6_000, SizingRule.CriticalBypass), decision);
    }

    [Fact]
    public void A_leftover_under_the_minimum_notional_closes_with_the_rest()
    {
        // Leaving 0.004 ETH = 8 USD < 10 USD.
        var limits = new SizingLimits(long.MaxValue, long.MaxValue, long.MaxValue, new Quantums(Usd(10m)));

        var decision = LiquidationSizing.Decide(Market, EthSize(10m), At(2_000m), EthSize(9.996m), reachable: true, critical: false, limits);

        Assert.Equal(new SizingDecision(EthSize(9.996m), EthSize(10m), SizingRule.Dust), decision);
    }

    [Fact]
    public void A_position_under_the_minimum_notional_closes_fully()
    {
        var limits = new SizingLimits(1, 1, 1, new Quantums(Usd(10m)));

        var decision = LiquidationSizing.Decide(Market, EthSize(0.004m), At(2_000m), 1, reachable: true, critical: false, limits);

        Assert.Equal(SizingRule.Dust, decision.Rule);
        Assert.Equal(EthSize(0.004m), decision.Size);
    }

    [Fact]
    public void Notional_limits_convert_to_whole_steps_rounded_down()
    {
        Assert.Equal(EthSize(0.499m), LiquidationSizing.SizeForNotional(Market, new Quantums(Usd(999.99m)), At(2_000m)));
    }

    /// <summary>Health (ppm) after selling <paramref name="size"/> at <paramref name="price"/> with the fee at <paramref name="feeRate"/>.</summary>
    private static long HealthAfter(long size, Price price, long feeRate)
    {
        var proceeds = Market.Scale.Value(size, price, Rounding.Floor).Value;
        var value = Market.Scale.Value(size, At(2_000m), Rounding.Floor).Value;
        var fee = (proceeds * feeRate + 999_999) / 1_000_000;
        var equity = Usd(900m) + proceeds - value - fee;
        var requirement = Market.Margin.MaintenanceRequirement(Market.Scale.Notional(EthSize(10m) - size, At(2_000m))).Value;
        return equity * 1_000_000 / requirement;
    }
}
