using System.Diagnostics;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Simulation.Population;
using MarginCall.Simulation.Randomness;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Bench;

/// <summary>
/// Builds the bench population in an engine, entirely through the sequencer: a market maker (slot 0) with
/// 1,000,000,000 USDC, then the simulator's generated population (<see cref="PopulationGenerator.Enumerate"/>, each
/// account opened as it is drawn, so a million accounts are never held as a plan) opened the simulator's way
/// (<see cref="AccountOpening"/>: a <see cref="CreateAccount"/>, one <see cref="Deposit"/>, one <see cref="Trade"/>
/// against the market maker per position at the mark; an isolated position's trade carries its isolated margin).
/// <para>Positions (<see cref="Spec"/>): 1–5 over distinct markets (30/30/20/10/10%), notional log-uniform in
/// 100–100,000 USDC, long or short at even odds, leverage log-uniform in 1–50× per position.</para>
/// </summary>
internal sealed class BenchPopulation(MarginEngine engine, Venue venue, List<EngineEvent> events)
{
    /// <summary>The market maker's account id (slot 0).</summary>
    public static readonly AccountId MarketMaker = new(0);

    private const long Usdc = 1_000_000; // quantums per USDC

    /// <summary>Commands submitted (creates, deposits, trades, prices).</summary>
    public long Commands { get; private set; }

    /// <summary>Stopwatch ticks spent inside <see cref="MarginEngine.Submit(Command, List{EngineEvent})"/>.</summary>
    public long SubmitTicks { get; private set; }

    /// <summary>Cross positions opened through trades.</summary>
    public long CrossPositions { get; private set; }

    /// <summary>Isolated positions opened through trades carrying isolated margin.</summary>
    public long IsolatedPositions { get; private set; }

    /// <summary>The bench population of <paramref name="accounts"/> accounts with <paramref name="isolatedShare"/> of positions isolated.</summary>
    public static PopulationSpec Spec(int accounts, double isolatedShare) => new()
    {
        Count = accounts,
        Notional = new Distribution { Kind = "loguniform", Min = 100, Max = 100_000 },
        Leverage = new Distribution { Kind = "loguniform", Min = 1, Max = 50 },
        LongRatio = 0.5,
        IsolatedRatio = isolatedShare,
        PositionsPerAccount = new Distribution { Kind = "choice", Values = [1, 2, 3, 4, 5], Weights = [30, 30, 20, 10, 10] },
    };

    /// <summary>The memory probe's population: the same draws, but exactly two cross positions per account.</summary>
    public static PopulationSpec MemoryProbeSpec(int accounts) =>
        Spec(accounts, isolatedShare: 0) with { PositionsPerAccount = Distribution.Fixed(2) };

    /// <summary>Opens every market at its opening price and funds the market maker.</summary>
    public void Open(long timeMs)
    {
        Submit(new AdvanceTime(new EngineTime(timeMs)));
        for (var m = 0; m < BenchVenue.MarketCount; m++)
        {
            Submit(new OraclePrice(new MarketId(m), BenchVenue.OpeningPrice(m), new EngineTime(timeMs)));
        }

        Submit(new CreateAccount(MarketMaker, "market-maker"));
        Submit(new Deposit(MarketMaker, BenchVenue.Usdc, new Quantums(1_000_000_000 * Usdc)));
    }

    /// <summary>Adds the accounts of <paramref name="spec"/> (ids 1…count), drawn from <paramref name="random"/>.</summary>
    public void AddAccounts(PopulationSpec spec, Xoshiro256StarStar random)
    {
        var prices = BenchVenue.OpeningPrices();
        foreach (var account in PopulationGenerator.Enumerate(spec, BenchVenue.MarketCount, random))
        {
            var opening = AccountOpening.Of(account, venue, prices, MarketMaker, crossCushion: Usdc);
            Submit(opening.Create);
            if (opening.Deposit is { } deposit)
            {
                Submit(deposit);
            }

            foreach (var trade in opening.Trades)
            {
                Submit(trade);
                var mode = trade.Buyer == MarketMaker ? trade.SellerMode : trade.BuyerMode;
                if (mode == MarginMode.Isolated)
                {
                    IsolatedPositions++;
                }
                else
                {
                    CrossPositions++;
                }
            }
        }
    }

    /// <summary>Submits one command; a rejection is a bug in the builder.</summary>
    public void Submit(Command command)
    {
        events.Clear();
        var start = Stopwatch.GetTimestamp();
        engine.Submit(command, events);
        SubmitTicks += Stopwatch.GetTimestamp() - start;
        Commands++;
        foreach (var e in events)
        {
            if (e is CommandRejected rejected)
            {
                throw new InvalidOperationException($"bench setup command refused: {command} → {rejected}");
            }
        }
    }
}
