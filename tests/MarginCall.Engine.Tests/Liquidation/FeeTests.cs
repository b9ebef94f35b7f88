using CsCheck;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using static MarginCall.Engine.Tests.Liquidation.LiquidationWorld;

namespace MarginCall.Engine.Tests.Liquidation;

/// <summary>
/// fee = min(cap, max(floor, dynamic)) with the default parameters: base 0.5%, +2% per 1.0 of health deficit, +0.1% per
/// minute, minimum reward 1 USD, minimum profit 10%, max rate 1.5%, keeper share 50%.
/// </summary>
public sealed class FeeTests
{
    private static readonly LiquidationParameters Parameters = LiquidationParameters.Default;

    // Cost 0.5 + 2 + 20 = 22.5 → floor max(23.5, 24.75) = 24.75.
    private static FeeInputs Inputs(decimal notional, decimal equityAfter = 1_000_000m, long healthPpm = 900_000, long elapsedMs = 30_000) =>
        new(new Quantums(Usd(notional)), new Ppm(healthPpm), elapsedMs, new Quantums(Usd(0.5m)), new Quantums(Usd(2m)), new Quantums(Usd(20m)), new Quantums(Usd(equityAfter)));

    [Fact]
    public void Dynamic_rate_grows_with_health_deficit_and_minutes_in_liquidation()
    {
        // 0.5% + 2% × 0.1 + 0.1% × 0.5 min = 0.75%.
        Assert.Equal(new Ppm(7_500), LiquidationFee.DynamicRate(Parameters, new Ppm(900_000), 30_000));
        Assert.Equal(new Ppm(5_000), LiquidationFee.DynamicRate(Parameters, new Ppm(1_200_000), 0));
    }

    [Fact]
    public void Dynamic_applies_when_above_the_floor_and_under_the_cap()
    {
        var fee = LiquidationFee.Compute(Parameters, Inputs(10_000m), hasKeeper: true);

        Assert.Equal(Usd(75m), fee.Dynamic.Value);
        Assert.Equal(Usd(24.75m), fee.Floor.Value);
        Assert.Equal(Usd(150m), fee.Cap.Value);
        Assert.Equal((FeeRule.Dynamic, Usd(75m)), (fee.Applied, fee.Fee.Value));
        Assert.Equal((Usd(37.5m), Usd(37.5m)), (fee.KeeperShare.Value, fee.InsuranceShare.Value));
    }

    [Fact]
    public void Floor_applies_when_the_dynamic_fee_would_not_cover_costs()
    {
        var fee = LiquidationFee.Compute(Parameters, Inputs(2_000m), hasKeeper: true);

        Assert.Equal(Usd(15m), fee.Dynamic.Value);
        Assert.Equal((FeeRule.Floor, Usd(24.75m)), (fee.Applied, fee.Fee.Value));
    }

    [Fact]
    public void Floor_uses_the_minimum_reward_when_it_exceeds_the_profit_margin()
    {
        var inputs = Inputs(2_000m) with { ExecutionCost = Quantums.Zero, ExpectedSlippage = Quantums.Zero, Volatility = new Quantums(Usd(5m)) };

        Assert.Equal(Usd(6m), LiquidationFee.Compute(Parameters, inputs, true).Floor.Value); // max(5 + 1, 5.5)
    }

    [Fact]
    public void Slippage_counts_only_fills_worse_than_the_mark()
    {
        // 2 ETH at 1,838 and 0.5 at 1,835 (docs/engine.md §6): sold against a mark of 1,840 they cost 2 × 2 + 0.5 × 5 = 6.50;
        // against a mark of 1,830 they are above it, a gain, so no cost. Bought, the same levels cost 2 × 8 + 0.5 × 5 = 18.50
        // above a mark of 1,830 and nothing under a mark of 1,840.
        var market = new LiquidationWorld().Venue.Market(Eth);
        var sweep = new DepthSweep(EthSize(2.5m), ((Int128)At(1_838m).Units * EthSize(2m)) + ((Int128)At(1_835m).Units * EthSize(0.5m)), At(1_835m));

        Assert.Equal(Usd(6.5m), LiquidationFee.ExpectedSlippage(market, sweep, At(1_840m), Side.Sell).Value);
        Assert.Equal(0L, LiquidationFee.ExpectedSlippage(market, sweep, At(1_830m), Side.Sell).Value);
        Assert.Equal(Usd(18.5m), LiquidationFee.ExpectedSlippage(market, sweep, At(1_830m), Side.Buy).Value);
        Assert.Equal(0L, LiquidationFee.ExpectedSlippage(market, sweep, At(1_840m), Side.Buy).Value);
    }

    [Fact]
    public void Rate_cap_wins_over_the_floor()
    {
        var fee = LiquidationFee.Compute(Parameters, Inputs(1_000m), hasKeeper: true);

        Assert.Equal((FeeRule.Cap, Usd(15m)), (fee.Applied, fee.Fee.Value));
    }

    [Fact]
    public void Equity_above_bankruptcy_caps_the_fee()
    {
        var fee = LiquidationFee.Compute(Parameters, Inputs(10_000m, equityAfter: 40m), hasKeeper: true);

        Assert.Equal((FeeRule.Cap, Usd(40m)), (fee.Applied, fee.Fee.Value));
    }

    [Fact]
    public void Negative_equity_means_no_fee()
    {
        var fee = LiquidationFee.Compute(Parameters, Inputs(10_000m, equityAfter: -5m), hasKeeper: true);

        Assert.Equal(0, fee.Fee.Value);
    }

    [Fact]
    public void Fee_rounds_up_and_the_keeper_share_rounds_down()
    {
        // 1.000001 USD × 0.75% = 0.0075000075 → 7,501 quantums; keeper floor(3,750.5) = 3,750, fund 3,751.
        var inputs = new FeeInputs(new Quantums(1_000_001_000), new Ppm(900_000), 30_000, Quantums.Zero, Quantums.Zero, Quantums.Zero, new Quantums(Usd(1_000m)));
        var fee = LiquidationFee.Compute(Parameters with { MinimumReward = Quantums.Zero }, inputs, hasKeeper: true);

        Assert.Equal(7_500_008, fee.Dynamic.Value);
        Assert.Equal((3_750_004L, 3_750_004L), (fee.KeeperShare.Value, fee.InsuranceShare.Value));
        var odd = LiquidationFee.Compute(Parameters with { MinimumReward = Quantums.Zero }, inputs with { Notional = new Quantums(1_000_001) }, true);
        Assert.Equal((7_501L, 3_750L, 3_751L), (odd.Fee.Value, odd.KeeperShare.Value, odd.InsuranceShare.Value));
    }

    [Fact]
    public void Without_a_keeper_the_insurance_fund_takes_everything()
    {
        var fee = LiquidationFee.Compute(Parameters, Inputs(10_000m), hasKeeper: false);

        Assert.Equal((0L, Usd(75m)), (fee.KeeperShare.Value, fee.InsuranceShare.Value));
    }

    [Fact]
    public void Fee_never_exceeds_the_equity_left_nor_goes_negative()
    {
        var gen = Gen.Select(Gen.Long[0, 10_000_000_000_000], Gen.Long[-1_000_000_000_000, 1_000_000_000_000], Gen.Long[0, 3_000_000], Gen.Long[0, 3_600_000], Gen.Long[0, 1_000_000_000_000]);
        gen.Sample((notional, equity, health, elapsed, cost) =>
        {
            var inputs = new FeeInputs(new Quantums(notional), new Ppm(health), elapsed, new Quantums(cost), Quantums.Zero, Quantums.Zero, new Quantums(equity));
            var fee = LiquidationFee.Compute(Parameters, inputs, hasKeeper: true);
            return fee.Fee.Value >= 0
                && fee.Fee.Value <= Math.Max(0, equity)
                && fee.Fee.Value <= notional * Parameters.MaxFeeRate.Value / 1_000_000
                && fee.KeeperShare.Value + fee.InsuranceShare.Value == fee.Fee.Value + fee.KeeperTopUp.Value;
        });
    }

    [Fact]
    public void Every_keeper_executed_step_pays_the_keeper_at_least_its_cost_plus_the_minimum_reward()
    {
        // Random steps (notional, health, time in liquidation, the cost feed, the book's slippage, the volatility allowance,
        // the equity left — from deep under water to far above the cap) under random valid parameters (fee rates, floor
        // terms and the keeper's share). The keeper's pay covers cost + minimum reward; the account never pays beyond the
        // cap; the fund tops up only what the capped fee could not pay, and nothing is lost in the split.
        var parameters = Gen.Select(Gen.Long[0, 15_000], Gen.Long[0, 100_000], Gen.Long[0, 10_000_000], Gen.Long[0, 500_000], Gen.Long[0, 1_000_000])
            .Select((maxRate, perDeficit, minimumReward, minimumProfit, keeperShare) => LiquidationParameters.Default with
            {
                MaxFeeRate = new Ppm(maxRate),
                BaseFeeRate = new Ppm(maxRate / 3),
                FeeRatePerHealthDeficit = new Ppm(perDeficit),
                MinimumReward = new Quantums(minimumReward),
                MinimumProfit = new Ppm(minimumProfit),
                KeeperShare = new Ppm(keeperShare),
            });
        var step = Gen.Select(Gen.Long[1, 10_000_000_000_000], Gen.Long[0, 2_000_000], Gen.Long[0, 3_600_000], Gen.Long[0, 50_000_000], Gen.Long[0, 5_000_000_000], Gen.Long[0, 5_000_000_000], Gen.Long[-1_000_000_000_000, 1_000_000_000_000]);
        Gen.Select(parameters, step).Sample((p, s) =>
        {
            var (notional, health, elapsed, feed, slippage, volatility, equity) = s;
            Assert.Null(p.Validate());
            var inputs = new FeeInputs(new Quantums(notional), new Ppm(health), elapsed, new Quantums(feed), new Quantums(slippage), new Quantums(volatility), new Quantums(equity));
            var fee = LiquidationFee.Compute(p, inputs, hasKeeper: true);
            return fee.KeeperShare >= fee.Cost + p.MinimumReward
                && fee.KeeperShare >= fee.Floor
                && fee.Fee <= fee.Cap
                && fee.KeeperTopUp.Value >= 0
                && (fee.KeeperTopUp.Value == 0 || fee.KeeperShare == fee.Floor) // the fund pays only up to the floor
                && fee.InsuranceShare.Value >= 0
                && fee.KeeperShare.Value - fee.KeeperTopUp.Value + fee.InsuranceShare.Value == fee.Fee.Value;
        });
    }

    [Fact]
    public void The_insurance_fund_tops_a_keeper_up_only_by_what_it_can_pay()
    {
        // Random steps and what the fund can pay (from nothing to more than any floor): the top-up never exceeds it; the
        // keeper gets the whole floor exactly when the fee and that amount cover it, and otherwise the fee's part plus all
        // the fund can pay; the account's fee and the split are as without the limit.
        var step = Gen.Select(Gen.Long[1, 10_000_000_000_000], Gen.Long[0, 2_000_000], Gen.Long[0, 50_000_000], Gen.Long[0, 5_000_000_000], Gen.Long[-1_000_000_000, 1_000_000_000_000], Gen.Long[0, 20_000_000_000]);
        step.Sample((notional, health, feed, slippage, equity, canPay) =>
        {
            var inputs = new FeeInputs(new Quantums(notional), new Ppm(health), 0, new Quantums(feed), new Quantums(slippage), Quantums.Zero, new Quantums(equity));
            var unlimited = LiquidationFee.Compute(Parameters, inputs, hasKeeper: true);
            var fee = LiquidationFee.Compute(Parameters, inputs, hasKeeper: true, new Quantums(canPay));
            var fromFee = fee.KeeperShare.Value - fee.KeeperTopUp.Value;
            return fee.KeeperTopUp.Value >= 0
                && fee.KeeperTopUp.Value <= canPay
                && fee.KeeperTopUp.Value == Math.Min(unlimited.KeeperTopUp.Value, canPay)
                && (fee.KeeperShare >= fee.Floor) == (fromFee + canPay >= fee.Floor.Value)
                && fee.Fee == unlimited.Fee
                && fee.InsuranceShare == unlimited.InsuranceShare
                && fromFee + fee.InsuranceShare.Value == fee.Fee.Value;
        });
    }

    [Fact]
    public void The_engines_own_step_has_no_keeper_and_no_top_up()
    {
        var inputs = new FeeInputs(new Quantums(Usd(100m)), new Ppm(900_000), 0, new Quantums(Usd(5m)), Quantums.Zero, Quantums.Zero, Quantums.Zero);

        var fee = LiquidationFee.Compute(Parameters, inputs, hasKeeper: false);

        Assert.Equal((0L, 0L, 0L, 0L), (fee.Fee.Value, fee.KeeperShare.Value, fee.KeeperTopUp.Value, fee.InsuranceShare.Value)); // no equity left: no fee
    }
}
