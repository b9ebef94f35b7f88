using System.Reflection;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Queries;
using MarginCall.Keeper.Strategy;

namespace MarginCall.Keeper.Tests;

/// <summary>The strategy reads the engine only through <see cref="IKeeperReads"/> and its events: it runs without an engine.</summary>
public sealed class ReadBoundaryTests
{
    private static readonly MarketId Eth = new(0);
    private static readonly AccountId Keeper = new(9);
    private static readonly AccountId Alice = new(1);

    private static readonly PerpetualMarket Market =
        new(Eth, "ETH-USD", "ETH", 3, 2, 6, 1, 1, MarginSchedule.Flat(new Ppm(100_000), new Ppm(50_000)));

    /// <summary>A scripted read API: one market, one account, and a count of every read.</summary>
    private sealed class FakeReads(LiquidationParameters parameters, AccountStanding? standing = null) : IKeeperReads
    {
        public int Reads { get; private set; }

        public int MarketCount => Count(1);

        public Quantums ExecutionCost => Count(new Quantums(0));

        public PerpetualMarket Market(MarketId market) => Count(ReadBoundaryTests.Market);

        public LiquidationParameters Parameters(MarketId market) => Count(parameters);

        public bool IsStale(MarketId market) => Count(false);

        public AccountStanding? Standing(AccountId account) => Count(account == standing?.Account ? standing : null);

        private T Count<T>(T value)
        {
            Reads++;
            return value;
        }
    }

    [Fact]
    public void A_lot_from_a_hand_written_event_is_taken_at_the_price_the_engine_formula_gives()
    {
        var parameters = LiquidationParameters.Default;
        var reads = new FakeReads(parameters);
        var strategy = new KeeperStrategy(Keeper, "k");
        var start = new Price(187_680);
        var end = new Price(178_000);
        strategy.Observe(new AuctionLotOpened(1, 7, Alice, Eth, true, 1_500, start, end, parameters.AuctionCurve, null, Quantums.Zero, "test"));
        strategy.Observe(new TimeAdvanced(2, 20_000));

        strategy.BeginRound();
        var command = strategy.Next(reads, new FlatHedge(2_000));

        var price = DutchAuction.PriceAt(Market, start, end, 20_000, parameters.AuctionCurve, parameters);
        Assert.Equal(new TakeAuctionLot(Keeper, 7, 1_500, price), command);
        Assert.True(reads.Reads > 0);
        Assert.Null(strategy.Next(reads, new FlatHedge(2_000)));
    }

    [Fact]
    public void A_liquidation_request_comes_from_the_standing_the_read_interface_reports()
    {
        var parameters = LiquidationParameters.Default with { AutoLiquidate = false };
        var standing = new AccountStanding(Alice, LiquidationState.Liquidatable, true, new Ppm(650_000), new Quantums(1_200_000_000), 0, [new PositionStanding(Eth, 10_000, new Quantums(18_400_000_000))]);
        var strategy = new KeeperStrategy(Keeper, "k");
        strategy.Observe(new LiquidationStateChanged(1, Alice, LiquidationState.MarginCall, LiquidationState.Liquidatable, new Ppm(650_000)));

        strategy.BeginRound();
        var withStanding = strategy.Next(new FakeReads(parameters, standing), new FlatHedge(2_000));
        strategy.BeginRound();
        var unknownAccount = strategy.Next(new FakeReads(parameters with { WindowMs = 0 }), new FlatHedge(2_000));

        Assert.Equal(new KeeperLiquidate("k", Alice), withStanding);
        Assert.Null(unknownAccount);
    }

    [Fact]
    public void No_strategy_type_holds_or_takes_the_engine_or_its_views()
    {
        Type[] forbidden = [typeof(MarginEngine), typeof(EngineView), typeof(AccountView), typeof(MarketView)];
        var types = typeof(KeeperStrategy).Assembly.GetTypes().Where(t => t.Namespace == typeof(KeeperStrategy).Namespace).ToList();
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

        var touched = types.SelectMany(t =>
                t.GetFields(all).Select(f => (t, f.Name, f.FieldType))
                    .Concat(t.GetProperties(all).Select(p => (t, p.Name, p.PropertyType)))
                    .Concat(t.GetMethods(all).Cast<MethodBase>().Concat(t.GetConstructors(all))
                        .SelectMany(m => m.GetParameters().Select(p => (t, m.Name + "(" + p.Name + ")", p.ParameterType))
                            .Append((t, m.Name, (m as MethodInfo)?.ReturnType ?? typeof(void))))))
            .Where(x => forbidden.Contains(x.Item3))
            .Select(x => $"{x.t.Name}.{x.Item2}")
            .ToList();

        Assert.Contains(typeof(KeeperStrategy), types);
        Assert.Empty(touched);
    }
}
