using MarginCall.Core.Numbers;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Tests.Liquidation;

/// <summary>
/// A crash against a thin book: three accounts long 10 ETH each with 2,200 USDC, the price falls to 1,840, a bid of
/// 10 ETH every 1 USD from 1,839 down. Partial liquidation with window limits against liquidating everything at once.
/// </summary>
public sealed class CrashTests
{
    private static LiquidationWorld Crash(LiquidationParameters parameters)
    {
        var world = new LiquidationWorld(parameters);
        world.Price(2_000m);
        var bob = world.Open(100, 1_000_000m);
        var maker = world.Open(101, 1_000_000m);
        for (var i = 1; i <= 3; i++)
        {
            var account = world.Open(i, 2_200m);
            world.Trade(account, bob, 10m, 2_000m);
        }

        for (var k = 0; k < 60; k++)
        {
            world.Bid(maker, 1_839m - k, 10m);
        }

        world.Price(1_840m);
        for (var window = 0; window < 6; window++)
        {
            world.Advance(10_000);
        }

        return world;
    }

    private static (decimal LowestFill, long Sold) Impact(LiquidationWorld world)
    {
        var lowest = long.MaxValue;
        long sold = 0;
        foreach (var step in world.Of<LiquidationStep>())
        {
            foreach (var fill in step.Fills)
            {
                lowest = Math.Min(lowest, fill.Price.Units);
                sold += fill.Size;
            }
        }

        return (lowest / 100m, sold);
    }

    [Fact]
    public void Partial_liquidation_with_window_limits_moves_the_price_less_than_liquidating_everything()
    {
        var partial = Impact(Crash(LiquidationParameters.Default));
        var everything = Impact(Crash(LiquidationParameters.Default with { MinimumNotional = new Quantums(LiquidationWorld.Usd(1_000_000m)) }));

        Assert.True(partial.LowestFill > everything.LowestFill, $"partial reached {partial.LowestFill}, all-at-once {everything.LowestFill}");
        Assert.True(partial.Sold < everything.Sold);
    }

    [Fact]
    public void Partial_liquidation_leaves_every_account_out_of_liquidation_with_a_position()
    {
        var world = Crash(LiquidationParameters.Default);

        for (var i = 1; i <= 3; i++)
        {
            var id = new Core.Model.AccountId(i);
            Assert.True(world.StateOf(id) < LiquidationState.Liquidatable, $"{id}: {world.StateOf(id)} size {world.Size(id)} {world.Of<LiquidationStep>().LastOrDefault(s => s.Account == id)}");
            Assert.True(world.Size(id) > 0);
        }
    }
}
