using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using static MarginCall.Engine.Tests.Support.EngineWorld;

namespace MarginCall.Storage.CrashHost;

/// <summary>
/// The engine commands of the crash tests: command <c>n</c> depends only on (seed, n), so a child restarted after a kill
/// produces exactly the commands an uninterrupted run would. Over the engine tests' venue (<c>EngineWorld</c>): a market maker and
/// <see cref="Traders"/> funded traders, then a mix of oracle prices on a swinging path (±25 %, so leveraged traders fall
/// into margin calls and liquidation), trades against the maker, resting orders, deposits, withdrawals, keeper
/// liquidations, insurance funding and time. Refused commands are part of the stream too (they are journalled and
/// replayed like any other).
/// </summary>
public static class CrashStream
{
    /// <summary>Traders, accounts 1..Traders.</summary>
    public const int Traders = 64;

    private const long StepSize = 1_000; // EngineWorld's markets: 0.001 of the base
    private const long StartMs = 1_000;
    private const long MsPerCommand = 50;
    private const int TimeEvery = 16;
    private static readonly Command[] Setup = BuildSetup();

    /// <summary>The genesis of every crash run.</summary>
    public static Genesis Genesis => new(Venue());

    /// <summary>Command <paramref name="sequence"/> (≥ 1) of the stream of <paramref name="seed"/>.</summary>
    public static Command At(long sequence, int seed)
    {
        if (sequence <= Setup.Length) return Setup[sequence - 1];
        if (sequence % TimeEvery == 0) return new AdvanceTime(new EngineTime(TimeAt(sequence)));
        ulong r = Mix((ulong)sequence * 0x9E3779B97F4A7C15UL ^ (ulong)seed * 0xD1B54A32D192ED03UL);
        var market = (r >> 8) % 2 == 0 ? Btc : Eth;
        var trader = new AccountId(1 + (long)((r >> 16) % Traders));
        long k = 1 + (long)((r >> 32) % 40);
        var price = PriceAt(market, sequence);
        return (r % 16) switch
        {
            < 4 => new OraclePrice(market, price, new EngineTime(TimeAt(sequence))),
            < 6 => new Deposit(trader, Usdc, new Quantums(Usd(10 * k))),
            < 10 or 14 => (r >> 40) % 2 == 0
                ? new Trade(market, trader, MarketMaker, k * StepSize, price)
                : new Trade(market, MarketMaker, trader, k * StepSize, price),
            10 => new Withdraw(trader, Usdc, new Quantums(Usd(5 * k))),
            11 => new KeeperLiquidate("keeper", trader),
            12 => new PlaceOrder(new OrderId(sequence), MarketMaker, market, (r >> 40) % 2 == 0 ? Side.Buy : Side.Sell,
                new Price(price.Units + ((r >> 40) % 2 == 0 ? -k : k) * 100), 10 * k * StepSize),
            13 => new FundInsurance(new FundId(0), new Quantums(Usd(k))),
            _ => new Deposit(MarketMaker, Usdc, new Quantums(Usd(1_000))),
        };
    }

    /// <summary>The engine after commands 1..<paramref name="last"/> applied without any journal: the uninterrupted run.</summary>
    public static MarginEngine Uninterrupted(long last, int seed)
    {
        var engine = new MarginEngine(Genesis);
        var events = new List<EngineEvent>();
        for (long s = 1; s <= last; s++)
        {
            events.Clear();
            engine.Submit(At(s, seed), events);
        }
        return engine;
    }

    /// <summary>The engine time of the last <see cref="AdvanceTime"/> at or before <paramref name="sequence"/>.</summary>
    private static long TimeAt(long sequence)
    {
        long last = sequence / TimeEvery * TimeEvery;
        return last <= Setup.Length ? StartMs : StartMs + last * MsPerCommand;
    }

    /// <summary>A triangle wave of ±25 % around the opening price with a period of 4,000 commands (BTC) or 2,600 (ETH).</summary>
    private static Price PriceAt(MarketId market, long sequence)
    {
        var (opening, period) = market == Btc ? (5_000_000L, 4_000L) : (300_000L, 2_600L);
        long phase = sequence % period;
        long quarter = period / 4;
        // -quarter..quarter..-quarter over one period, then scaled to ±25 %.
        long wave = phase < 2 * quarter ? phase - quarter : 3 * quarter - phase;
        return new Price(opening + opening * wave / (4 * quarter));
    }

    private static Command[] BuildSetup()
    {
        var setup = new List<Command>(Opening());
        for (long id = 1; id <= Traders; id++)
        {
            setup.Add(new CreateAccount(new AccountId(id), $"trader-{id}"));
            setup.Add(new Deposit(new AccountId(id), Usdc, new Quantums(Usd(500 + 70 * id))));
        }
        return [.. setup];
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 30; x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27; x *= 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
