using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using static MarginCall.Engine.Tests.Support.EngineWorld;

namespace MarginCall.Engine.Tests.Sequencing;

public class RejectionTests
{
    private static readonly AccountId Trader1 = new(10);

    public static TheoryData<Command, RejectionReason> BadCommands() => new()
    {
        { new Deposit(new AccountId(999), Usdc, new Quantums(1)), RejectionReason.UnknownAccount },
        { new Deposit(Trader1, new AssetId(9), new Quantums(1)), RejectionReason.UnknownAsset },
        { new Deposit(Trader1, Usdc, new Quantums(0)), RejectionReason.NonPositiveAmount },
        { new Deposit(Trader1, Usdc, new Quantums(-5)), RejectionReason.NonPositiveAmount },
        { new Deposit(Trader1, Usdc, new Quantums(long.MaxValue)), RejectionReason.Overflow },
        { new Withdraw(Trader1, Usdc, new Quantums(Usd(2_000))), RejectionReason.InsufficientBalance },
        { new Withdraw(Trader1, Usdc, new Quantums(Usd(950))), RejectionReason.InsufficientInitialMargin },
        { new CreateAccount(Trader1, "again"), RejectionReason.DuplicateAccount },
        { new OraclePrice(new MarketId(5), Px(1), new EngineTime(1_000)), RejectionReason.UnknownMarket },
        { new OraclePrice(Btc, new Price(0), new EngineTime(1_000)), RejectionReason.NonPositivePrice },
        { new OraclePrice(Btc, Px(50_000), new EngineTime(500)), RejectionReason.StalePrice },
        { new OraclePrice(Btc, Px(50_000), new EngineTime(10_001)), RejectionReason.TimeMovedBackwards },
        { new AssetPrice(Usdc, Px(2)), RejectionReason.NonPositivePrice },
        { new Trade(Btc, Trader1, MarketMaker, Size(0.0005m), Px(50_000)), RejectionReason.NotAMultipleOfStep },
        { new Trade(Btc, Trader1, MarketMaker, Size(10m), Px(50_000)), RejectionReason.InsufficientInitialMargin },
        { new Trade(Btc, Trader1, Trader1, Size(0.1m), Px(50_000)), RejectionReason.InvalidTrade },
        { new Trade(Btc, Trader1, MarketMaker, Size(0.01m), Px(50_000), MarginMode.Isolated), RejectionReason.InvalidTrade },
        { new Trade(Btc, Trader1, MarketMaker, Size(0.01m), new Price(-1)), RejectionReason.NonPositivePrice },
        { new PlaceOrder(new OrderId(1), Trader1, Btc, Side.Buy, Px(0), Size(0.1m)), RejectionReason.NonPositivePrice },
        { new CancelOrder(Btc, new OrderId(77)), RejectionReason.OrderRefused },
        { new SetLiquidationParameters(Btc, LiquidationParameters.Default with { WindowMs = 0 }), RejectionReason.InvalidParameters },
        { new SetExecutionCost(new Quantums(-1)), RejectionReason.NonPositiveAmount },
        { new AdvanceTime(new EngineTime(10)), RejectionReason.TimeMovedBackwards },
        { new KeeperLiquidate("keeper-1", Trader1), RejectionReason.InvalidLiquidationState },
        { new TransferIsolatedMargin(Trader1, Btc, new Quantums(Usd(1))), RejectionReason.InvalidTrade },
    };

    [Theory]
    [MemberData(nameof(BadCommands))]
    public void A_refused_command_says_why_and_leaves_the_state_hash_unchanged(Command command, RejectionReason reason)
    {
        var engine = NewEngine();
        Run(engine, Opening());
        Run(engine, Trader(10, 1_000m, Btc, 0.1m, 50_000m));
        Run(engine, [new AdvanceTime(new EngineTime(10_000))]);
        var before = engine.StateHash();

        var events = engine.Submit(command);

        var rejection = Assert.IsType<CommandRejected>(Assert.Single(events));
        Assert.Equal(reason, rejection.Reason);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Detail));
        Assert.Equal(before, engine.StateHash());
    }

    [Fact]
    public void Withdrawals_are_gated_while_bad_debt_is_outstanding()
    {
        var engine = NewEngine();
        Run(engine, Opening());
        Run(engine, Trader(10, 1_000m, Btc, 0.01m, 50_000m));
        engine.State.BadDebt = 1; // as the loss waterfall leaves it when nothing covers a loss
        var before = engine.StateHash();

        var rejection = Assert.IsType<CommandRejected>(Assert.Single(engine.Submit(new Withdraw(Trader1, Usdc, new Quantums(1)))));

        Assert.Equal(RejectionReason.BadDebtOutstanding, rejection.Reason);
        Assert.Equal(before, engine.StateHash());
    }
}
