using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine;
using MarginCall.Bench;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;

namespace MarginCall.Benchmarks;

/// <summary>The small worlds the micro-benchmarks run in: the bench venue, prices, and a typical account.</summary>
internal static class BenchWorld
{
    public static Venue Venue { get; } = BenchVenue.Create();

    public static PriceSet Prices()
    {
        var prices = new PriceSet(Venue);
        for (var m = 0; m < Venue.Markets.Count; m++)
        {
            prices.SetMarket(new MarketId(m), BenchVenue.OpeningPrice(m));
        }

        return prices;
    }

    /// <summary>An account with 2,000 USDC, a cross BTC long, a cross ETH short and an isolated SOL long (about 10× each).</summary>
    public static Account TypicalAccount(PriceSet prices)
    {
        return new Account(
            new AccountId(1),
            "u1",
            [new SpotBalance(BenchVenue.Usdc, 2_000_000_000)],
            [
                Position(prices, 0, MarginMode.Cross, 15_000_000, 0), // 0.15 BTC ≈ 9,750 USDC
                Position(prices, 1, MarginMode.Cross, -300_000_000, 0), // −3 ETH ≈ 10,500 USDC
                Position(prices, 2, MarginMode.Isolated, 40_000_000, 600_000_000), // 40 SOL ≈ 6,000 USDC
            ]);
    }

    /// <summary>An engine with <paramref name="accounts"/> generated accounts, built through commands.</summary>
    public static MarginEngine Engine(int accounts)
    {
        var options = new BenchOptions { Accounts = accounts };
        var engine = new MarginEngine(BenchVenue.Create());
        var events = new List<EngineEvent>();
        void Submit(Command c)
        {
            events.Clear();
            engine.Submit(c, events);
        }

        // The same population the bench builds (the builder is internal; replicate its public effect through the runner's venue).
        Submit(new AdvanceTime(new EngineTime(1_000)));
        for (var m = 0; m < BenchVenue.MarketCount; m++)
        {
            Submit(new OraclePrice(new MarketId(m), BenchVenue.OpeningPrice(m), new EngineTime(1_000)));
        }

        Submit(new CreateAccount(new AccountId(0), "market-maker"));
        Submit(new Deposit(new AccountId(0), BenchVenue.Usdc, new Quantums(1_000_000_000_000_000)));
        var random = new Random(options.Accounts);
        for (var i = 1; i <= accounts; i++)
        {
            var id = new AccountId(i);
            Submit(new CreateAccount(id, "u" + i));
            var leverage = 2 + random.Next(40);
            var market = engine.View.Venue.Markets[i % BenchVenue.MarketCount];
            var price = engine.View.Mark(market.Id);
            var size = market.StepSize * (1 + random.Next(1_000));
            var notional = market.Scale.Notional(size, price).Value;
            Submit(new Deposit(id, BenchVenue.Usdc, new Quantums((notional / leverage) + 1_000_000)));
            Submit(random.Next(2) == 0 ? new Trade(market.Id, id, new AccountId(0), size, price) : new Trade(market.Id, new AccountId(0), id, size, price));
        }

        return engine;
    }

    private static PerpPosition Position(PriceSet prices, int market, MarginMode mode, long size, long isolatedMargin)
    {
        var m = Venue.Markets[market];
        var cost = m.Scale.Value(-size, prices.Market(m.Id), Rounding.Floor).Value;
        return new PerpPosition(m.Id, mode, size, cost, isolatedMargin, 0);
    }
}
