using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Risk;
using static MarginCall.Engine.Tests.Support.EngineWorld;

namespace MarginCall.Engine.Tests.Risk;

/// <summary>
/// One trader: 1,000 USDC, long 0.2 BTC at 50,000 (maintenance 1%, default thresholds: warning 150%, expected fee 0.1%
/// of notional, exit at 120%). Equity(P) = 0.2P − 9,000 and maintenance = 0.002P, so by hand:
/// margin call below P = 9,000 / 0.197 = 45,685.279…, liquidatable below 9,000 / 0.1978 = 45,500.505…,
/// bankrupt below 45,000, out of liquidation again from 9,000 / 0.1976 = 45,546.56 up, and a standing margin call
/// lifted (health 160%) from 9,000 / 0.1968 = 45,731.707… up.
/// </summary>
public class StateMachineTests
{
    private static readonly AccountId Trader1 = new(10);

    private static MarginEngine World()
    {
        // Keeper mode: the engine detects and moves states but does not liquidate by itself.
        var engine = NewEngine(options: new EngineOptions { DefaultParameters = LiquidationParameters.Default with { AutoLiquidate = false } });
        Run(engine, Opening());
        Run(engine, Trader(10, 1_000m, Btc, 0.2m, 50_000m));
        return engine;
    }

    private static List<EngineEvent> MoveBtc(MarginEngine engine, decimal price)
    {
        var now = engine.State.Now + 1_000;
        return Run(engine, [new AdvanceTime(new EngineTime(now)), new OraclePrice(Btc, Px(price), new EngineTime(now))]);
    }

    private static LiquidationState StateOf(MarginEngine engine) => engine.State.Accounts.Risk(engine.State.Accounts.SlotOf(Trader1)).State;

    [Theory]
    [InlineData(45_685.28, LiquidationState.Healthy)]
    [InlineData(45_685.27, LiquidationState.MarginCall)]
    [InlineData(45_500.51, LiquidationState.MarginCall)]
    [InlineData(45_500.50, LiquidationState.Liquidatable)]
    [InlineData(45_000.00, LiquidationState.Liquidatable)]
    [InlineData(44_999.99, LiquidationState.Bankrupt)]
    public void State_follows_the_hand_computed_thresholds(double price, LiquidationState expected)
    {
        var engine = World();
        // Walk down in steps inside the jump band, so the TWAP clamp never alters the price.
        foreach (var p in new[] { 48_000m, 46_500m, (decimal)price })
        {
            MoveBtc(engine, p);
        }

        Assert.Equal(expected, StateOf(engine));
    }

    [Fact]
    public void A_margin_call_notice_is_sent_once_per_crossing()
    {
        var engine = World();
        var notices = new List<MarginCallNotice>();
        foreach (var price in new[] { 47_000m, 45_600m, 45_650m, 45_620m, 47_000m, 45_600m })
        {
            notices.AddRange(MoveBtc(engine, price).OfType<MarginCallNotice>());
        }

        Assert.Equal(2, notices.Count); // down through 45,685 twice; the wiggles in between send nothing
        Assert.All(notices, n => Assert.Equal("owner-10", n.Owner));
    }

    [Theory]
    [InlineData(45_731.70, LiquidationState.MarginCall)] // back over the warning line (45,685.28) but under the clear level
    [InlineData(45_731.71, LiquidationState.Healthy)]
    public void A_margin_call_stands_until_health_clears_the_hysteresis(double price, LiquidationState expected)
    {
        var engine = World();
        MoveBtc(engine, 47_000m);
        MoveBtc(engine, 45_600m);
        Assert.Equal(LiquidationState.MarginCall, StateOf(engine));

        MoveBtc(engine, (decimal)price);
        Assert.Equal(expected, StateOf(engine));
    }

    [Fact]
    public void Without_hysteresis_the_call_lifts_at_the_warning_line()
    {
        var thresholds = RiskThresholds.Default with { WarningHysteresis = Ppm.Zero };
        var engine = NewEngine(options: new EngineOptions { Thresholds = thresholds, DefaultParameters = LiquidationParameters.Default with { AutoLiquidate = false } });
        Run(engine, Opening());
        Run(engine, Trader(10, 1_000m, Btc, 0.2m, 50_000m));
        MoveBtc(engine, 47_000m);
        MoveBtc(engine, 45_600m);
        MoveBtc(engine, 45_685.28m);

        Assert.Equal(LiquidationState.Healthy, StateOf(engine));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10_000_001)]
    public void A_hysteresis_outside_zero_to_ten_is_refused(long ppm)
    {
        Assert.Contains(nameof(RiskThresholds.WarningHysteresis), (RiskThresholds.Default with { WarningHysteresis = new Ppm(ppm) }).Validate());
    }

    [Fact]
    public void Liquidation_keeps_the_account_until_equity_clears_the_exit_buffer()
    {
        var engine = World();
        MoveBtc(engine, 47_000m);
        MoveBtc(engine, 45_400m);
        Assert.Equal(LiquidationState.Liquidatable, StateOf(engine));

        engine.Submit(new KeeperLiquidate("keeper-1", Trader1));
        Assert.Equal(LiquidationState.InLiquidation, StateOf(engine));

        MoveBtc(engine, 45_540m); // above the liquidatable line, below the exit line: stays
        Assert.Equal(LiquidationState.InLiquidation, StateOf(engine));

        var events = MoveBtc(engine, 45_547m); // past 45,546.56: leaves with a margin call standing (health < 150%)
        Assert.Equal(LiquidationState.MarginCall, StateOf(engine));
        Assert.Contains(events, e => e is LiquidationStateChanged { From: LiquidationState.InLiquidation, To: LiquidationState.MarginCall });
    }
}
