using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Keeper.Strategy;
using static MarginCall.Keeper.Tests.KeeperWorld;

namespace MarginCall.Keeper.Tests;

/// <summary>Keeper liquidation requests: where the engine waits for keepers, a liquidatable account is requested once per window when it pays.</summary>
public sealed class LiquidationRequestTests
{
    private static readonly FlatHedge AnyHedge = new(2_000);

    /// <summary>Alice at 1,840 has health ≈ 0.65; Carol's bids give the step something to fill.</summary>
    private static KeeperWorld Crashed(bool autoLiquidate, KeeperParameters? keeper = null, decimal crashTo = 1_840m)
    {
        var world = new KeeperWorld(LiquidationParameters.Default with { AutoLiquidate = autoLiquidate }, keeper);
        world.Bid(Carol, 1_838m, 2m);
        world.Bid(Carol, 1_835m, 3m);
        world.Price(crashTo);
        return world;
    }

    [Fact]
    public void A_liquidatable_account_leads_to_a_liquidation_request_that_the_engine_accepts_and_pays()
    {
        var world = Crashed(autoLiquidate: false);
        Assert.Contains(Alice.Value, world.Strategy.AccountsInLiquidation);

        var commands = world.Round(AnyHedge);

        Assert.Equal([new KeeperLiquidate(KeeperId, Alice)], commands);
        var step = Assert.Single(world.Of<LiquidationStep>());
        Assert.Equal((KeeperId, Alice), (step.Keeper, step.Account));
        Assert.True(step.Fee.KeeperShare.Value > 0);
        Assert.Equal(world.Engine.View.KeeperReward(KeeperId), world.Strategy.Rewards);
    }

    [Fact]
    public void The_same_account_is_requested_again_only_in_the_next_window()
    {
        var world = Crashed(autoLiquidate: false);
        world.Round(AnyHedge);

        var sameWindow = world.Round(AnyHedge);
        world.Advance(world.Parameters.WindowMs);
        var nextWindow = world.Round(AnyHedge);

        Assert.Empty(sameWindow);
        Assert.Equal(LiquidationState.InLiquidation, world.Engine.View.Account(world.Engine.View.OrdinalOf(Alice)).State);
        Assert.Equal([new KeeperLiquidate(KeeperId, Alice)], nextWindow);
    }

    [Fact]
    public void No_request_when_the_expected_reward_does_not_cover_cost_and_profit()
    {
        var world = Crashed(autoLiquidate: false);
        var standing = world.Reads.Standing(Alice)!;
        var position = Assert.Single(standing.Positions);
        var reward = LiquidationReward.Expected(world.Parameters, standing, position, world.Reads.ExecutionCost, world.Strategy.Now);
        var demanding = new KeeperWorld(LiquidationParameters.Default with { AutoLiquidate = false }, new KeeperParameters { MinimumLiquidationProfit = reward + new Quantums(1) });
        demanding.Bid(Carol, 1_838m, 2m);
        demanding.Price(1_840m);

        Assert.True(reward.Value > 0);
        Assert.Empty(demanding.Round(AnyHedge));
        Assert.Equal([new KeeperLiquidate(KeeperId, Alice)], world.Round(AnyHedge, submit: false));
    }

    [Fact]
    public void No_request_where_the_engine_liquidates_by_itself()
    {
        var world = Crashed(autoLiquidate: true);
        Assert.NotEmpty(world.Of<LiquidationStep>());

        Assert.Empty(world.Round(AnyHedge));
    }

    [Fact]
    public void No_request_for_an_account_the_price_saved()
    {
        var world = Crashed(autoLiquidate: false);
        world.Price(1_990m);

        Assert.Empty(world.Round(AnyHedge));
    }
}
