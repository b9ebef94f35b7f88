using CsCheck;
using MarginCall.Engine.Events;
using MarginCall.Engine.State;
using MarginCall.Engine.Tests.Support;

namespace MarginCall.Engine.Tests.Sequencing;

/// <summary>
/// Value is neither created nor destroyed: Σ quote held by accounts (spot, position quote balances, isolated margin) +
/// insurance funds + keeper rewards + funding pool changes only by accepted quote deposits and withdrawals.
/// </summary>
public class ConservationProperties
{
    [Fact]
    public void Quote_value_is_conserved_across_random_logs()
    {
        Gen.Int[0, 1_000_000].Sample(seed =>
        {
            var engine = EngineWorld.NewEngine();
            var external = 0L;
            var events = new List<EngineEvent>();
            foreach (var command in RandomScenario.Build(seed, accounts: 50, steps: 120))
            {
                events.Clear();
                engine.Submit(command, events);
                foreach (var change in events.OfType<BalanceChanged>())
                {
                    if (change.Asset == EngineWorld.Usdc)
                    {
                        external += change.Delta.Value;
                    }
                }

                Assert.Equal(external, TotalQuote(engine.State));
            }
        }, iter: 15, threads: 1);
    }

    internal static long TotalQuote(EngineState state)
    {
        long total = state.FundingPool; // bad debt is a record of a fund's negative equity, not cash, so it is not added
        for (var slot = 0; slot < state.Accounts.Count; slot++)
        {
            var account = state.Accounts[slot];
            total += account.SpotBalance(EngineWorld.Usdc);
            foreach (var position in account.Positions)
            {
                total += position.QuoteBalance + position.IsolatedMargin;
            }
        }

        foreach (var balance in state.InsuranceFunds.Values)
        {
            total += balance;
        }

        foreach (var reward in state.KeeperRewards.Values)
        {
            total += reward;
        }

        return total;
    }
}
