using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using static MarginCall.Engine.Tests.Support.EngineWorld;

namespace MarginCall.Engine.Tests.Support;

/// <summary>
/// Seeded random command logs over <see cref="EngineWorld"/>: a population of traders (cross and isolated, both
/// markets, some with ETH spot collateral, leverage 1–40×) followed by a price path of calm moves, crashes and rallies,
/// interleaved with time steps, funding, deposits and withdrawals. Generation only: the values are integers.
/// </summary>
public static class RandomScenario
{
    public static List<Command> Build(int seed, int accounts, int steps)
    {
        var random = new Random(seed);
        var commands = new List<Command>(Opening());
        var btc = 50_000m;
        var eth = 3_000m;
        for (var i = 0; i < accounts; i++)
        {
            var id = 10 + i;
            var market = random.Next(2) == 0 ? Btc : Eth;
            var price = market == Btc ? btc : eth;
            var collateral = random.Next(100, 20_000);
            var leverage = random.Next(1, 41);
            var notional = collateral * leverage;
            var size = Math.Round(notional / price, 3);
            if (size < 0.001m)
            {
                size = 0.001m;
            }

            var side = random.Next(2) == 0 ? 1 : -1;
            var isolated = random.Next(4) == 0;
            var mode = isolated ? MarginMode.Isolated : MarginMode.Cross;
            commands.AddRange(Trader(id, isolated ? 5m : collateral, market, side * size, price, mode, isolated ? collateral : 0m));
            if (!isolated && random.Next(3) == 0)
            {
                commands.Add(new Deposit(new AccountId(id), EthSpot, new Quantums(random.Next(1, 300) * 1_000_000L)));
            }

            if (!isolated && random.Next(3) == 0)
            {
                var other = market == Btc ? Eth : Btc;
                var otherPrice = other == Btc ? btc : eth;
                var otherSize = Math.Max(0.001m, Math.Round(collateral * random.Next(1, 10) / otherPrice, 3));
                commands.Add(random.Next(2) == 0
                    ? new Trade(other, new AccountId(id), MarketMaker, Size(otherSize), Px(otherPrice))
                    : new Trade(other, MarketMaker, new AccountId(id), Size(otherSize), Px(otherPrice)));
            }
        }

        var time = 1_000L;
        var regime = 0;
        for (var step = 0; step < steps; step++)
        {
            time += 1_000;
            commands.Add(new AdvanceTime(new EngineTime(time)));
            if (step % 25 == 0)
            {
                regime = random.Next(3); // 0 calm, 1 crash, 2 rally
            }

            var drift = regime switch { 1 => -0.006, 2 => 0.006, _ => 0.0 };
            btc = Move(btc, drift + ((random.NextDouble() - 0.5) * 0.01));
            eth = Move(eth, drift + ((random.NextDouble() - 0.5) * 0.014));
            commands.Add(new OraclePrice(Btc, Px(btc), new EngineTime(time)));
            commands.Add(new OraclePrice(Eth, Px(eth), new EngineTime(time)));
            if (random.Next(4) == 0)
            {
                commands.Add(new AssetPrice(EthSpot, Px(eth)));
            }

            switch (random.Next(12))
            {
                case 0:
                    commands.Add(new UpdateFunding(random.Next(2) == 0 ? Btc : Eth, random.Next(-500, 500)));
                    break;
                case 1:
                    commands.Add(new Deposit(new AccountId(10 + random.Next(accounts)), Usdc, new Quantums(random.Next(1, 500) * 1_000_000L)));
                    break;
                case 2:
                    commands.Add(new Withdraw(new AccountId(10 + random.Next(accounts)), Usdc, new Quantums(random.Next(1, 500) * 1_000_000L)));
                    break;
            }
        }

        return commands;
    }

    private static decimal Move(decimal price, double relative) =>
        Math.Max(1m, Math.Round(price * (1m + (decimal)relative), 2));
}
