using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Tests.Liquidation;

/// <summary>Keeper liquidate: accepted only while the account is liquidatable; a refusal changes nothing.</summary>
public sealed class KeeperTests
{
    private static (LiquidationWorld World, AccountId Alice) KeeperOnlyWorld(decimal crashTo)
    {
        var world = new LiquidationWorld(LiquidationParameters.Default with { AutoLiquidate = false });
        var (alice, _, _) = world.OpenWorkedExample();
        world.Price(crashTo);
        return (world, alice);
    }

    /// <summary>A command refused for a reason that cannot depend on state: the twin's log differs only there.</summary>
    private static readonly Command Inert = new Deposit(new AccountId(1), LiquidationWorld.Usdc, new Quantums(0));

    [Fact]
    public void Automatic_liquidation_waits_for_a_keeper_when_the_market_asks_so()
    {
        var (world, alice) = KeeperOnlyWorld(1_840m);

        Assert.Empty(world.Of<LiquidationStep>());
        Assert.Equal(LiquidationState.Liquidatable, world.StateOf(alice));
    }

    [Fact]
    public void Keeper_is_paid_its_share_of_the_fee()
    {
        var (world, alice) = KeeperOnlyWorld(1_840m);

        world.Submit(new KeeperLiquidate("keeper-1", alice));

        var step = Assert.Single(world.Of<LiquidationStep>());
        Assert.Equal("keeper-1", step.Keeper);
        Assert.True(step.Fee.Fee.Value > 0);
        Assert.Equal(step.Fee.Fee.Value / 2, step.Fee.KeeperShare.Value);
        Assert.Equal(step.Fee.KeeperShare.Value, world.Engine.State.KeeperRewards["keeper-1"]);
        Assert.Equal(step.Fee.InsuranceShare.Value, world.InsuranceFund);
    }

    [Fact]
    public void A_keeper_whose_capped_fee_is_under_the_floor_is_topped_up_by_the_insurance_fund()
    {
        // The same step (2.5 ETH for 4,593.50, cost 15.70 = 6.50 slippage + 9.20 volatility, docs/engine.md §6) with a
        // minimum reward of 100 and a 0.1% rate cap: the account pays the cap, ⌊4,593.50 × 0.1%⌋ = 4.5935; the floor is
        // 115.70; the keeper gets 115.70, of which the fund pays the 111.1065 the fee could not.
        var world = new LiquidationWorld(LiquidationParameters.Default with { AutoLiquidate = false, MinimumReward = new Quantums(LiquidationWorld.Usd(100m)), MaxFeeRate = new Ppm(1_000), BaseFeeRate = new Ppm(1_000) });
        var (alice, _, _) = world.OpenWorkedExample();
        world.FundInsurance(1_000m);
        world.Price(1_840m);

        world.Submit(new KeeperLiquidate("keeper-1", alice));

        var fee = Assert.Single(world.Of<LiquidationStep>()).Fee;
        Assert.Equal((FeeRule.Cap, LiquidationWorld.Usd(4.5935m), LiquidationWorld.Usd(115.70m)), (fee.Applied, fee.Fee.Value, fee.Floor.Value));
        Assert.Equal((LiquidationWorld.Usd(115.70m), LiquidationWorld.Usd(111.1065m), 0L), (fee.KeeperShare.Value, fee.KeeperTopUp.Value, fee.InsuranceShare.Value));
        Assert.Equal(LiquidationWorld.Usd(115.70m), world.Engine.State.KeeperRewards["keeper-1"]);
        Assert.Equal(LiquidationWorld.Usd(1_000m - 111.1065m), world.InsuranceFund);
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    /// <summary>
    /// A keeper-only market with the default parameters, Alice (2,200 USDC, long 10 ETH at 2,000, bankruptcy 1,780) at
    /// 1,790 (health 0.11, critical: no window limits), Carol bidding 10 ETH at 1,780.50 and a fund of
    /// <paramref name="fund"/> USDC: the keeper's step sells all 10 ETH for 17,805 and leaves Alice 5 of equity, so the
    /// fee is capped at 5 while the floor is max(130.80 + 1, 130.80 × 1.1) = 143.88 (cost = 95 of slippage against the
    /// mark + 35.80 of volatility allowance).
    /// </summary>
    private static (LiquidationWorld World, AccountId Alice) NearBankruptcy(decimal fund, LiquidationParameters? parameters = null)
    {
        var world = new LiquidationWorld((parameters ?? LiquidationParameters.Default) with { AutoLiquidate = false });
        world.Price(2_000m);
        var alice = world.Open(1, 2_200m);
        var bob = world.Open(2, 100_000m);
        var carol = world.Open(3, 100_000m);
        world.Trade(alice, bob, 10m, 2_000m);
        world.Bid(carol, 1_780.50m, 10m);
        world.FundInsurance(fund);
        world.Price(1_790m);
        return (world, alice);
    }

    [Fact]
    public void The_keeper_top_up_never_takes_the_insurance_fund_below_zero()
    {
        // The fund holds 100 of the 138.88 the floor asks it for: it pays the 100, the keeper gets 5 + 100 = 105 (less than
        // the floor, which the breakdown shows next to it), and the fund ends at 0 — no negative fund, so no hidden bad debt.
        var (world, alice) = NearBankruptcy(100m);

        world.Submit(new KeeperLiquidate("keeper-1", alice));

        var fee = Assert.Single(world.Of<LiquidationStep>()).Fee;
        Assert.Equal((FeeRule.Cap, LiquidationWorld.Usd(5m), LiquidationWorld.Usd(143.88m)), (fee.Applied, fee.Fee.Value, fee.Floor.Value));
        Assert.Equal((LiquidationWorld.Usd(105m), LiquidationWorld.Usd(100m), 0L), (fee.KeeperShare.Value, fee.KeeperTopUp.Value, fee.InsuranceShare.Value));
        Assert.Equal(LiquidationWorld.Usd(105m), world.Engine.State.KeeperRewards["keeper-1"]);
        Assert.Equal(0L, world.InsuranceFund);
        Assert.Empty(world.Of<BadDebtChanged>());
        Assert.Equal(0L, world.Engine.State.BadDebt);
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Fact]
    public void The_keeper_top_up_stops_at_the_insurance_fund_floor()
    {
        var (world, alice) = NearBankruptcy(100m, LiquidationParameters.Default with { InsuranceFundFloor = new Quantums(LiquidationWorld.Usd(40m)) });

        world.Submit(new KeeperLiquidate("keeper-1", alice));

        var fee = Assert.Single(world.Of<LiquidationStep>()).Fee;
        Assert.Equal((LiquidationWorld.Usd(65m), LiquidationWorld.Usd(60m)), (fee.KeeperShare.Value, fee.KeeperTopUp.Value));
        Assert.Equal(LiquidationWorld.Usd(40m), world.InsuranceFund);
    }

    [Fact]
    public void A_fund_that_can_pay_tops_the_keeper_up_to_the_whole_floor()
    {
        var (world, alice) = NearBankruptcy(1_000m);

        world.Submit(new KeeperLiquidate("keeper-1", alice));

        var fee = Assert.Single(world.Of<LiquidationStep>()).Fee;
        Assert.Equal((LiquidationWorld.Usd(143.88m), LiquidationWorld.Usd(138.88m)), (fee.KeeperShare.Value, fee.KeeperTopUp.Value));
        Assert.Equal(LiquidationWorld.Usd(1_000m - 138.88m), world.InsuranceFund);
    }

    [Fact]
    public void Healthy_account_is_refused_and_the_state_is_untouched()
    {
        var (world, alice) = KeeperOnlyWorld(1_990m);
        var (twin, _) = KeeperOnlyWorld(1_990m);

        var events = world.Submit(new KeeperLiquidate("keeper-1", alice));
        twin.Submit(Inert);

        var rejected = Assert.IsType<CommandRejected>(Assert.Single(events));
        Assert.Equal(RejectionReason.InvalidLiquidationState, rejected.Reason);
        Assert.Equal(twin.Engine.StateHash(), world.Engine.StateHash());
    }

    [Fact]
    public void Stale_oracle_refuses_the_keeper_and_the_state_is_untouched()
    {
        var (world, alice) = KeeperOnlyWorld(1_840m);
        var (twin, _) = KeeperOnlyWorld(1_840m);
        world.Advance(120_000);
        twin.Advance(120_000);

        var events = world.Submit(new KeeperLiquidate("keeper-1", alice));
        twin.Submit(Inert);

        Assert.Equal(RejectionReason.StalePrice, Assert.IsType<CommandRejected>(Assert.Single(events)).Reason);
        Assert.Equal(twin.Engine.StateHash(), world.Engine.StateHash());
    }

    [Fact]
    public void Unknown_account_and_empty_keeper_are_refused()
    {
        var (world, alice) = KeeperOnlyWorld(1_840m);

        var unknown = Assert.IsType<CommandRejected>(Assert.Single(world.Submit(new KeeperLiquidate("k", new AccountId(99)))));
        var empty = Assert.IsType<CommandRejected>(Assert.Single(world.Submit(new KeeperLiquidate(" ", alice))));

        Assert.Equal(RejectionReason.UnknownAccount, unknown.Reason);
        Assert.Equal(RejectionReason.InvalidParameters, empty.Reason);
    }

    [Fact]
    public void Stale_oracle_stops_automatic_liquidation()
    {
        var world = new LiquidationWorld();
        world.Price(2_000m);
        var alice = world.Open(1, 2_200m);
        var bob = world.Open(2, 100_000m);
        world.Trade(alice, bob, 10m, 2_000m);
        world.Bid(bob, 1_838m, 10m);
        world.Price(1_900m);
        world.Advance(61_000); // stale

        world.Submit(new OraclePrice(LiquidationWorld.Eth, LiquidationWorld.At(1_840m), new EngineTime(0))); // too old: refused

        Assert.Empty(world.Of<LiquidationStep>());
        Assert.Equal(10_000, world.Size(alice));
    }
}
