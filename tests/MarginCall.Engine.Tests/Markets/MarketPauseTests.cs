using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Markets;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Tests.Liquidation;

namespace MarginCall.Engine.Tests.Markets;

/// <summary>
/// Pausing a market (<see cref="SetMarketStatus"/>): trades, new orders and lot takes are refused, cancels are not,
/// prices and figures keep updating, nothing is liquidated on it, and liquidations resume once it is reactivated.
/// </summary>
public sealed class MarketPauseTests
{
    /// <summary>The worked example (Alice long 10 ETH on 2,200 of collateral, a bid ladder under the market).</summary>
    private static (LiquidationWorld World, AccountId Alice, AccountId Bob, AccountId Carol) World(bool autoLiquidate = true)
    {
        var world = new LiquidationWorld(LiquidationParameters.Default with { AutoLiquidate = autoLiquidate });
        var (alice, bob, carol) = world.OpenWorkedExample();
        return (world, alice, bob, carol);
    }

    private static CommandRejected Refusal(List<EngineEvent> events) => Assert.IsType<CommandRejected>(Assert.Single(events));

    [Fact]
    public void A_paused_market_refuses_trades_orders_and_a_repeated_status_and_changes_nothing()
    {
        var (world, alice, bob, carol) = World();
        var paused = world.Submit(new SetMarketStatus(LiquidationWorld.Eth, MarketStatus.Paused));
        Assert.Equal(MarketStatus.Paused, Assert.IsType<MarketStatusChanged>(Assert.Single(paused)).Status);
        var hash = world.Engine.StateHash();

        Assert.Equal(RejectionReason.MarketPaused, Refusal(world.Trade(bob, carol, 1m, 2_000m)).Reason);
        Assert.Equal(RejectionReason.MarketPaused, Refusal(world.Submit(new PlaceOrder(new OrderId(99), carol, LiquidationWorld.Eth, Side.Sell, LiquidationWorld.At(2_100m), LiquidationWorld.EthSize(1m)))).Reason);
        Assert.Equal(RejectionReason.InvalidParameters, Refusal(world.Submit(new SetMarketStatus(LiquidationWorld.Eth, MarketStatus.Paused))).Reason);
        Assert.Equal(RejectionReason.InvalidParameters, Refusal(world.Submit(new SetMarketStatus(LiquidationWorld.Eth, (MarketStatus)7))).Reason);
        Assert.Equal(RejectionReason.UnknownMarket, Refusal(world.Submit(new SetMarketStatus(new MarketId(9), MarketStatus.Paused))).Reason);

        // A refusal is in the log (the sequence moves, and the hash does not cover it) but the state is what it was.
        Assert.Equal(hash, world.Engine.StateHash());
        Assert.Equal(LiquidationWorld.EthSize(10m), world.Size(alice));
        Assert.Equal(MarketStatus.Paused, world.Engine.View.Market(LiquidationWorld.Eth).Status);
    }

    [Fact]
    public void Resting_orders_can_still_be_cancelled_on_a_paused_market()
    {
        var (world, _, _, carol) = World();
        var order = world.Of<OrderRested>().First(o => o.Account == carol).Order;
        world.Submit(new SetMarketStatus(LiquidationWorld.Eth, MarketStatus.Paused));

        var cancelled = world.Submit(new CancelOrder(LiquidationWorld.Eth, order));

        Assert.Contains(cancelled, e => e is OrdersCancelled c && c.Orders.Contains(order));
    }

    [Fact]
    public void Nothing_is_liquidated_while_paused_and_liquidation_resumes_with_time_after_reactivation()
    {
        var (world, alice, _, _) = World();
        world.Submit(new SetMarketStatus(LiquidationWorld.Eth, MarketStatus.Paused));
        var beforeCrash = world.Events.Count;

        // Within the oracle's age limit, so only the pause keeps the engine from liquidating.
        world.Price(1_840m);
        world.Advance(1_000);

        var during = world.Events.Skip(beforeCrash).ToList();
        Assert.Contains(during, e => e is MarkPriceChanged); // prices and figures keep updating
        Assert.DoesNotContain(during, e => e is LiquidationStep { Filled: > 0 });
        Assert.True(world.StateOf(alice) >= LiquidationState.Liquidatable);
        Assert.Equal(LiquidationWorld.EthSize(10m), world.Size(alice));

        world.Submit(new SetMarketStatus(LiquidationWorld.Eth, MarketStatus.Active));
        world.Advance(1_000);

        Assert.Contains(world.Of<LiquidationStep>(), s => s.Account == alice && s.Filled > 0);
        Assert.True(world.Size(alice) < LiquidationWorld.EthSize(10m));
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Fact]
    public void A_keeper_cannot_liquidate_on_a_paused_market()
    {
        var (world, alice, _, _) = World(autoLiquidate: false);
        world.Price(1_840m);
        world.Submit(new SetMarketStatus(LiquidationWorld.Eth, MarketStatus.Paused));

        var refused = Refusal(world.Submit(new KeeperLiquidate("keeper-1", alice)));

        Assert.Equal(RejectionReason.MarketPaused, refused.Reason);
        Assert.Equal(LiquidationWorld.EthSize(10m), world.Size(alice));
    }

    [Fact]
    public void The_status_survives_a_snapshot_and_is_part_of_the_state_hash()
    {
        var (world, _, _, _) = World();
        var active = world.Engine.StateHash();
        world.Submit(new SetMarketStatus(LiquidationWorld.Eth, MarketStatus.Paused));

        Assert.NotEqual(active, world.Engine.StateHash());
        var restored = MarginEngine.LoadSnapshot(world.Engine.WriteSnapshot());
        Assert.Equal(MarketStatus.Paused, restored.View.Market(LiquidationWorld.Eth).Status);
        Assert.Equal(world.Engine.StateHash(), restored.StateHash());
    }
}
