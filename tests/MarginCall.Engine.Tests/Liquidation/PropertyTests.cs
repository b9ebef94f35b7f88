using CsCheck;
using MarginCall.Core.Model;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Tests.Liquidation;

/// <summary>Invariants of the pipeline over random populations and price paths.</summary>
public sealed class PropertyTests
{
    /// <summary>A population of leveraged accounts against a maker's two-sided ladder, then a random path.</summary>
    internal sealed record Scenario(decimal[] Deposits, decimal[] Leverages, bool[] Longs, decimal[] LevelSizes, int[] MovesBp);

    internal static readonly Gen<Scenario> Scenarios =
        Gen.Select(
            Gen.Int[300, 5_000].Select(d => (decimal)d).Array[1, 6],
            Gen.Int[20, 99].Select(l => l / 10m).Array[6],
            Gen.Bool.Array[6],
            Gen.Int[1, 40].Select(s => s / 4m).Array[1, 8],
            Gen.Int[-1_500, 600].Array[1, 8])
        .Select((d, l, s, levels, moves) => new Scenario(d, l, s, levels, moves));

    internal static LiquidationWorld Run(Scenario scenario, Action<LiquidationWorld>? afterEachCommand = null, LiquidationParameters? parameters = null, bool fullScan = false)
    {
        var world = new LiquidationWorld(parameters, fullScan: fullScan);
        world.Price(2_000m);
        var bob = world.Open(1_000, 10_000_000m);
        var maker = world.Open(1_001, 10_000_000m);
        for (var i = 0; i < scenario.Deposits.Length; i++)
        {
            var account = world.Open(i + 1, scenario.Deposits[i]);
            var size = decimal.Round(scenario.Deposits[i] * scenario.Leverages[i] / 2_000m, 3, MidpointRounding.ToZero);
            if (size > 0)
            {
                if (scenario.Longs[i]) world.Trade(account, bob, size, 2_000m);
                else world.Trade(bob, account, size, 2_000m);
            }
        }

        var price = 2_000m;
        foreach (var move in scenario.MovesBp)
        {
            price = decimal.Round(price * (1 + (move / 10_000m)), 2);
            for (var k = 0; k < scenario.LevelSizes.Length; k++)
            {
                world.Bid(maker, price - 1m - (k * 4m), scenario.LevelSizes[k]);
                world.Ask(maker, price + 1m + (k * 4m), scenario.LevelSizes[k]);
            }

            world.Advance(5_000);
            afterEachCommand?.Invoke(world);
            world.Price(price);
            afterEachCommand?.Invoke(world);
        }

        return world;
    }

    [Fact]
    public void Value_is_conserved_across_liquidations()
    {
        Scenarios.Sample(scenario =>
        {
            var ok = true;
            var world = Run(scenario, w => ok &= w.TotalValue() == w.NetDeposits);
            return ok && world.TotalValue() == world.NetDeposits;
        }, iter: 150);
    }

    [Fact]
    public void Value_is_conserved_through_the_waterfall_without_deleveraging()
    {
        var thin = LiquidationParameters.Default with { AutoDeleverage = false, AuctionMaxResets = 0, AuctionDurationMs = 5_000 };
        Scenarios.Sample(scenario =>
        {
            var ok = true;
            var world = Run(scenario, w => ok &= w.TotalValue() == w.NetDeposits, thin);
            return ok && world.Engine.State.BadDebt >= 0;
        }, iter: 100);
    }

    [Fact]
    public void Bad_debt_appears_only_when_equity_was_negative_never_through_a_fee()
    {
        var thin = LiquidationParameters.Default with { AutoDeleverage = false, AuctionMaxResets = 0, AuctionDurationMs = 5_000 };
        Scenarios.Sample(scenario =>
        {
            var world = Run(scenario, parameters: thin);
            foreach (var debt in world.Of<BadDebtChanged>())
            {
                // Bad debt comes from a takeover of a pool below zero, or from the fund realizing a loss on what it took
                // over (an unwind), never more than that loss.
                if (debt.Delta.Value > 0
                    && !world.Of<BackstopTakeover>().Any(t => t.Sequence == debt.Sequence && t.EquityBefore.Value < 0)
                    && !world.Of<FundUnwound>().Any(u => u.Sequence == debt.Sequence && u.RealizedPnl.Value < 0 && debt.Delta.Value <= -u.RealizedPnl.Value))
                {
                    return false;
                }
            }

            foreach (var takeover in world.Of<BackstopTakeover>())
            {
                if (takeover.FundEquityDelta.Value < 0 && takeover.EquityBefore.Value >= 0)
                {
                    return false; // the fund only pays for pools that were below zero
                }
            }

            return true;
        }, iter: 100);
    }

    [Fact]
    public void A_keeper_top_up_never_takes_the_insurance_fund_below_zero()
    {
        // Keeper-only markets (the default parameters otherwise), the fund starting empty, keepers liquidating every account
        // in liquidation after each command: the fund is paid fees and tops keepers up, but a top-up never leaves it
        // negative (a loss of the fund goes through the bad-debt path, never through a keeper's pay), and the fund's
        // cash, the keepers' rewards and the accounts still add up to the deposits.
        var keeperOnly = LiquidationParameters.Default with { AutoLiquidate = false };
        long topUps = 0, drained = 0;
        Scenarios.Sample(scenario =>
        {
            var ok = true;
            var world = Run(scenario, w =>
            {
                for (var i = 1; i <= scenario.Deposits.Length; i++)
                {
                    var id = new AccountId(i);
                    if (w.StateOf(id) is LiquidationState.Liquidatable or LiquidationState.InLiquidation)
                    {
                        w.Submit(new Commands.KeeperLiquidate("keeper-" + (i % 2), id));
                    }
                }

                ok &= w.TotalValue() == w.NetDeposits;
            }, keeperOnly);
            Interlocked.Add(ref topUps, world.Of<LiquidationStep>().Count(s => s.Fee.KeeperTopUp.Value > 0));
            Interlocked.Add(ref drained, world.Of<LiquidationStep>().Count(s => s.Keeper is not null && s.Fee.KeeperShare < s.Fee.Floor && s.Fee.Fee.Value > 0));
            return ok && world.Of<InsuranceFundChanged>().All(c => c.Why != FundChangeReason.LiquidationFee || c.Delta.Value >= 0 || c.Balance.Value >= 0);
        }, iter: 100);
        Assert.True(topUps > 0 && drained > 0, $"the samples must exercise top-ups ({topUps}) and a fund that cannot pay them ({drained})");
    }

    [Fact]
    public void The_index_and_the_full_scan_liquidate_identically()
    {
        var thin = LiquidationParameters.Default with { AutoDeleverage = false, AuctionMaxResets = 0, AuctionDurationMs = 5_000 };
        Scenarios.Sample(scenario =>
        {
            var index = Run(scenario, parameters: thin);
            var scan = Run(scenario, parameters: thin, fullScan: true);
            return index.Engine.StateHash().AsSpan().SequenceEqual(scan.Engine.StateHash())
                && index.Events.Select(e => e.GetType().Name).SequenceEqual(scan.Events.Select(e => e.GetType().Name));
        }, iter: 60);
    }

    [Fact]
    public void A_fee_never_pushes_a_pool_below_zero()
    {
        Scenarios.Sample(scenario =>
        {
            var world = Run(scenario);
            foreach (var step in world.Of<LiquidationStep>())
            {
                var equityAfterFills = step.EquityAfter.Value + step.Fee.Fee.Value;
                if (step.Fee.Fee.Value < 0 || step.Fee.Fee.Value > Math.Max(0, equityAfterFills) || (step.EquityAfter.Value < 0 && step.Fee.Fee.Value != 0))
                {
                    return false;
                }
            }

            return true;
        }, iter: 150);
    }

    [Fact]
    public void Fills_never_pass_the_bound_nor_the_bankruptcy_price()
    {
        Scenarios.Sample(scenario =>
        {
            var world = Run(scenario);
            foreach (var step in world.Of<LiquidationStep>())
            {
                foreach (var fill in step.Fills)
                {
                    var isLong = step.PositionSize > 0;
                    if (step.Bound is not { } bound || (isLong ? fill.Price < bound : fill.Price > bound))
                    {
                        return false;
                    }

                    if (step.BankruptcyPrice is { } b && (isLong ? fill.Price < b : fill.Price > b))
                    {
                        return false;
                    }
                }
            }

            return true;
        }, iter: 150);
    }

    [Fact]
    public void Sizes_are_multiples_of_the_step_and_never_flip_a_position()
    {
        Scenarios.Sample(scenario =>
        {
            var world = Run(scenario);
            foreach (var step in world.Of<LiquidationStep>())
            {
                if (step.Sizing.Size > Math.Abs(step.PositionSize) || step.Filled > step.Sizing.Size)
                {
                    return false;
                }
            }

            return true;
        }, iter: 100);
    }
}
