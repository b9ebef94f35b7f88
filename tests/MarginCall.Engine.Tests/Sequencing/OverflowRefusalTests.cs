using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using static MarginCall.Engine.Tests.Support.EngineWorld;

namespace MarginCall.Engine.Tests.Sequencing;

/// <summary>
/// Commands whose amounts fit in 64 bits but whose figures would not: refused as <see cref="RejectionReason.Overflow"/>
/// with the state (and its hash) exactly as before — the engine checks the figures on the tentative state and puts
/// it back.
/// </summary>
public sealed class OverflowRefusalTests
{
    private static readonly AccountId Trader1 = new(10);

    /// <summary>A short in profit: its position adds positive equity on top of the quote balance.</summary>
    private static MarginEngine ShortInProfit()
    {
        var engine = NewEngine();
        Run(engine, Opening());
        Run(engine, Trader(10, 1_000m, Btc, -0.1m, 50_000m));
        Run(engine, [new AdvanceTime(new EngineTime(2_000)), new OraclePrice(Btc, Px(49_000), new EngineTime(2_000))]);
        return engine;
    }

    [Fact]
    public void A_deposit_whose_balance_fits_but_whose_equity_does_not_is_refused_without_a_trace()
    {
        var engine = ShortInProfit();
        var balance = engine.State.Accounts[engine.State.Accounts.SlotOf(Trader1)].SpotBalance(Usdc);

        // balance + amount = long.MaxValue fits; + the short's profit (≈ 100 USDC) does not.
        AssertRefusedAsOverflowWithoutATrace(engine, new Deposit(Trader1, Usdc, new Quantums(long.MaxValue - balance)));
    }

    [Fact]
    public void A_deposit_up_to_what_the_equity_can_hold_is_accepted()
    {
        var engine = ShortInProfit();
        var balance = engine.State.Accounts[engine.State.Accounts.SlotOf(Trader1)].SpotBalance(Usdc);

        var events = engine.Submit(new Deposit(Trader1, Usdc, new Quantums((long.MaxValue / 2) - balance)));

        Assert.DoesNotContain(events, e => e is CommandRejected);
        Assert.Contains(events, e => e is BalanceChanged);
    }

    /// <summary>
    /// A cross pool whose equity no longer fits in 64 bits: a quote balance deposited to the edge while the short was
    /// flat, then the price fell (whatever the price command's outcome, the account's figures now overflow).
    /// </summary>
    private static MarginEngine OverflowingCrossPool()
    {
        var engine = NewEngine();
        Run(engine, Opening());
        Run(engine, Trader(10, 1_000m, Btc, -0.1m, 50_000m));
        Run(engine, Trader(10, 0m, Eth, 1m, 3_000m, MarginMode.Isolated, isolatedMargin: 1_000m).Skip(1)); // the same account, isolated ETH
        var balance = engine.State.Accounts[engine.State.Accounts.SlotOf(Trader1)].SpotBalance(Usdc);
        var deposit = engine.Submit(new Deposit(Trader1, Usdc, new Quantums(long.MaxValue - Usd(50m) - balance)));
        Assert.DoesNotContain(deposit, e => e is CommandRejected);
        Run(engine, [new AdvanceTime(new EngineTime(2_000)), new OraclePrice(Btc, Px(49_000), new EngineTime(2_000))]); // the short gains ≈ 100 USDC
        return engine;
    }

    [Fact]
    public void A_withdrawal_from_an_overflowing_pool_is_refused_and_the_balance_put_back()
    {
        AssertRefusedAsOverflowWithoutATrace(OverflowingCrossPool(), new Withdraw(Trader1, Usdc, new Quantums(Usd(1m))));
    }

    [Fact]
    public void An_isolated_transfer_out_of_an_overflowing_cross_pool_is_refused_and_both_sides_put_back()
    {
        AssertRefusedAsOverflowWithoutATrace(OverflowingCrossPool(), new TransferIsolatedMargin(Trader1, Eth, new Quantums(Usd(1m))));
    }

    /// <summary>The command is refused with <see cref="RejectionReason.Overflow"/> as its only event, and the state hash is unchanged.</summary>
    private static void AssertRefusedAsOverflowWithoutATrace(MarginEngine engine, Command command)
    {
        var before = engine.StateHash();

        var events = engine.Submit(command);

        var rejection = Assert.IsType<CommandRejected>(Assert.Single(events));
        Assert.Equal(RejectionReason.Overflow, rejection.Reason);
        Assert.Equal(before, engine.StateHash());
    }
}
