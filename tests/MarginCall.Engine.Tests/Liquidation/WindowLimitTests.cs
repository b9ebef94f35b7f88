using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Tests.Liquidation;

/// <summary>Window limits, the critical bypass and dust, through the engine.</summary>
public sealed class WindowLimitTests
{
    private static (LiquidationWorld World, AccountId Alice) Long10(LiquidationParameters parameters, decimal crashTo, decimal deposit = 2_200m)
    {
        var world = new LiquidationWorld(parameters);
        world.Price(2_000m);
        var alice = world.Open(1, deposit);
        var bob = world.Open(2, 1_000_000m);
        world.Trade(alice, bob, 10m, 2_000m);
        world.Bid(bob, 1_838m, 20m);
        world.Price(crashTo);
        return (world, alice);
    }

    [Fact]
    public void Account_window_notional_caps_the_step()
    {
        var parameters = LiquidationParameters.Default with { MaxPositionPortionPerWindow = Ppm.One, MaxAccountNotionalPerWindow = new Quantums(LiquidationWorld.Usd(2_000m)) };

        var (world, alice) = Long10(parameters, 1_840m);

        var step = Assert.Single(world.Of<LiquidationStep>());
        Assert.Equal(SizingRule.AccountWindowCap, step.Sizing.Rule);
        Assert.Equal(1_086, step.Filled); // floor(2,000 / 1,840 ETH) at the mark, the highest a fill can be here
        Assert.Equal(10_000 - 1_086, world.Size(alice));
    }

    [Fact]
    public void Market_capacity_caps_every_account_together()
    {
        var parameters = LiquidationParameters.Default with { MaxPositionPortionPerWindow = Ppm.One, MarketCapacityPerWindow = new Quantums(LiquidationWorld.Usd(1_000m)) };

        var (world, _) = Long10(parameters, 1_840m);

        var step = Assert.Single(world.Of<LiquidationStep>());
        Assert.Equal(SizingRule.MarketCapacityCap, step.Sizing.Rule);
        Assert.True(world.Engine.State.Markets[0].WindowLiquidatedNotional.Value <= LiquidationWorld.Usd(1_000m));
    }

    [Fact]
    public void Critical_health_bypasses_the_window_limits()
    {
        // At 1,800: equity 200, maintenance 900, health 0.222 < 0.5.
        var (world, _) = Long10(LiquidationParameters.Default, 1_800m);

        var step = Assert.Single(world.Of<LiquidationStep>());
        Assert.Equal(SizingRule.CriticalBypass, step.Sizing.Rule);
        Assert.True(step.Sizing.Size > 2_500);
    }

    [Fact]
    public void A_position_under_the_minimum_notional_closes_at_once()
    {
        var parameters = LiquidationParameters.Default with { MinimumNotional = new Quantums(LiquidationWorld.Usd(50_000m)) };

        var (world, alice) = Long10(parameters, 1_840m);

        Assert.Equal(SizingRule.Dust, Assert.Single(world.Of<LiquidationStep>()).Sizing.Rule);
        Assert.Equal(0, world.Size(alice));
    }

    [Fact]
    public void Liquidation_ends_once_the_account_meets_its_exit_level()
    {
        var (world, alice) = Long10(LiquidationParameters.Default, 1_840m);

        for (var i = 0; i < 10 && world.StateOf(alice) >= LiquidationState.Liquidatable; i++)
        {
            world.Advance(10_000);
        }

        Assert.True(world.StateOf(alice) < LiquidationState.Liquidatable);
        var last = world.Of<LiquidationStep>()[^1];
        Assert.True(last.HealthAfter >= new Ppm(1_100_000));
        Assert.True(world.Size(alice) > 0); // partial: the account keeps most of its position
    }

    [Fact]
    public void Isolated_position_is_liquidated_from_its_own_margin()
    {
        var world = new LiquidationWorld(LiquidationParameters.Default with { MaxPositionPortionPerWindow = Ppm.One });
        world.Price(2_000m);
        var alice = world.Open(1, 10_000m);
        var bob = world.Open(2, 1_000_000m);
        world.Trade(alice, bob, 10m, 1_800m, MarginMode.Isolated); // bought 200 under the mark: equity 2,000 = initial
        world.Submit(new Commands.TransferIsolatedMargin(alice, LiquidationWorld.Eth, new Quantums(LiquidationWorld.Usd(200m))));
        world.Bid(bob, 1_838m, 20m);

        world.Price(1_840m);

        var step = Assert.Single(world.Of<LiquidationStep>());
        Assert.Equal(LiquidationWorld.Usd(600m), step.EquityBefore.Value); // the isolated pool only
        Assert.True(step.HealthAfter >= new Ppm(1_100_000));
        Assert.Equal(LiquidationWorld.Usd(9_800m), world[alice].SpotBalance(LiquidationWorld.Usdc)); // cross balance untouched
    }
}
