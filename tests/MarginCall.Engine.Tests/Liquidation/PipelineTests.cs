using MarginCall.Core.Numbers;
using MarginCall.Engine.Events;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Liquidation;
using static MarginCall.Engine.Tests.Liquidation.LiquidationWorld;

namespace MarginCall.Engine.Tests.Liquidation;

/// <summary>
/// The worked example of docs/engine.md, step by step: Alice, 2,200 USDC, long 10 ETH at 2,000; the price falls to
/// 1,840 (equity 600, maintenance 920, health 0.652); Carol bids 2 @ 1,838, 3 @ 1,835, 5 @ 1,830.
/// </summary>
public sealed class PipelineTests
{
    private static (LiquidationWorld World, Core.Model.AccountId Alice, Core.Model.AccountId Carol) Crash(LiquidationParameters? parameters = null)
    {
        var world = new LiquidationWorld(parameters);
        var (alice, _, carol) = world.OpenWorkedExample();
        world.Bid(carol, 1_830m, 5m);
        world.Events.Clear();
        world.Price(1_840m);
        return (world, alice, carol);
    }

    [Fact]
    public void First_step_enters_liquidation_and_explains_every_figure()
    {
        var (world, alice, carol) = Crash();

        var step = Assert.Single(world.Of<LiquidationStep>());
        Assert.Contains(world.Events, e => e is LiquidationStateChanged { To: LiquidationState.InLiquidation });
        Assert.Equal(new Ppm(652_173), step.HealthBefore);
        Assert.Equal(Usd(600m), step.EquityBefore.Value);
        Assert.Equal(new Ppm(347_826), step.AdjustedBankruptcyRating);
        Assert.Equal(At(1_792.01m), step.FillablePrice);
        Assert.Equal(At(1_780m), step.BankruptcyPrice);
        Assert.Equal(At(1_792.01m), step.Bound);

        // Target at the book's average for the whole position (1,833.10): 412 / 66.80 = 6.168 ETH; 25% cap binds.
        Assert.Equal(new SizingDecision(6_168, 2_500, SizingRule.PositionPortionCap), step.Sizing);
        Assert.Equal([new LiquidationFill(new OrderId(1), carol, At(1_838m), 2_000), new LiquidationFill(new OrderId(2), carol, At(1_835m), 500)], step.Fills);
        Assert.Equal(Usd(4_593.5m), step.FilledNotional.Value);
        Assert.Equal(-EthSize(7.5m), -world.Size(alice));
    }

    [Fact]
    public void First_step_fee_is_the_dynamic_fee_and_goes_to_the_insurance_fund()
    {
        var (world, _, _) = Crash();

        var fee = Assert.Single(world.Of<LiquidationStep>()).Fee;
        Assert.Equal(new Ppm(11_957), fee.DynamicRate); // 0.5% + 2% × 0.347827 (rounded up), no time yet
        Assert.Equal(Usd(54.92448m), fee.Dynamic.Value);
        Assert.Equal(Usd(6.5m), fee.ExpectedSlippage.Value); // 2 × 2 + 0.5 × 5 below the mark
        Assert.Equal(Usd(9.2m), fee.Volatility.Value); // 0.2% × 4,600
        Assert.Equal(Usd(17.27m), fee.Floor.Value); // max(15.7 + 1, 15.7 × 1.1)
        Assert.Equal(Usd(68.9025m), fee.Cap.Value); // 1.5% × 4,593.5 (equity 593.5 is larger)
        Assert.Equal(FeeRule.Dynamic, fee.Applied);
        Assert.Equal(Usd(54.92448m), fee.InsuranceShare.Value);
        Assert.Equal(Usd(54.92448m), world.InsuranceFund);
    }

    [Fact]
    public void Health_after_the_step_counts_fills_and_fee()
    {
        var (world, _, _) = Crash();

        var step = Assert.Single(world.Of<LiquidationStep>());
        Assert.Equal(Usd(593.5m - 54.92448m), step.EquityAfter.Value);
        Assert.Equal(new Ppm(780_544), step.HealthAfter); // 538.57552 / 690
    }

    [Fact]
    public void Next_window_continues_with_a_quarter_of_what_is_left()
    {
        var (world, alice, _) = Crash();
        world.Events.Clear();

        world.Advance(10_000);

        var step = Assert.Single(world.Of<LiquidationStep>());
        Assert.Equal(SizingRule.PositionPortionCap, step.Sizing.Rule);
        Assert.Equal(EthSize(1.875m), step.Sizing.Size);
        Assert.Equal(EthSize(7.5m - 1.875m), world.Size(alice));
    }

    [Fact]
    public void Steps_inside_a_window_do_not_liquidate_more_than_its_portion()
    {
        var (world, alice, _) = Crash();

        world.Advance(1_000); // same 10 s window: the step runs, the portion is used up

        Assert.Equal(EthSize(7.5m), world.Size(alice));
        var step = world.Of<LiquidationStep>()[^1];
        Assert.Equal((SizingRule.PositionPortionCap, 0L, 0L), (step.Sizing.Rule, step.Sizing.Size, step.Filled));
    }

    [Fact]
    public void A_price_move_alone_does_not_continue_a_liquidation()
    {
        var (world, alice, _) = Crash(LiquidationParameters.Default with { CriticalHealth = new Ppm(200_000) });

        world.Price(1_800m); // health 0.353: worse, but the account is already in liquidation

        Assert.Single(world.Of<LiquidationStep>());
        Assert.Equal(EthSize(7.5m), world.Size(alice));
    }
}
