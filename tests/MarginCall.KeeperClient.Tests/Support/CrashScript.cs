using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;

namespace MarginCall.KeeperClient.Tests.Support;

/// <summary>
/// A scripted crash on the BTC-USDT market of scenarios/btc-2020-03-12-binance.json (price 2 decimals, size 8, tick
/// 0.50, step 0.00001 BTC, USDT 6 decimals): liquidations wait for keepers (AutoLiquidate off), twelve traders with
/// 1,000 USDT each are long at 4x to 20x against a market maker at 8,000, the maker's bids are thin (0.1 BTC every
/// 100 USD down to 5,000, so the book cannot absorb all of the selling and lots go to auction), and the price falls
/// 2.5% every 2 s of engine time to 6,000, then stays there while time moves on in 5 s steps.
/// </summary>
internal sealed class CrashScript(long startMs)
{
    public const int Traders = 12;
    public const int CrashSteps = 10;
    public const int DriftSteps = 36;
    public static readonly MarketId Btc = new(0);
    public static readonly AssetId Usdt = new(0);
    public static readonly AccountId Maker = new(100);
    private static readonly int[] Leverage = [4, 5, 6, 8, 10, 12, 15, 20, 5, 8, 10, 20];
    private long now = startMs;
    private long nextOrder = 1;

    public static long Usdt6(decimal dollars) => (long)(dollars * 1_000_000m);

    public static Price At(decimal dollars) => new((long)(dollars * 100m));

    public static long Btc8(decimal btc) => (long)(btc * 100_000_000m);

    public static AccountId Trader(int i) => new(i);

    /// <summary>Parameters (admin), the insurance fund, accounts, deposits, the longs and the maker's book.</summary>
    public List<Command> Setup(LiquidationParameters parameters)
    {
        var commands = new List<Command>
        {
            new SetLiquidationParameters(Btc, parameters with { AutoLiquidate = false, BookWindowsBeforeAuction = 1 }),
            new FundInsurance(new FundId(0), new Quantums(Usdt6(1_000_000m))),
            new AdvanceTime(new EngineTime(now += 1_000)),
            new OraclePrice(Btc, At(8_000m), new EngineTime(now)),
        };
        Open(commands, Maker, 10_000_000m);
        Open(commands, new AccountId(Keys.AccountA), 1_000_000m);
        Open(commands, new AccountId(Keys.AccountB), 1_000_000m);
        for (var i = 1; i <= Traders; i++)
        {
            Open(commands, Trader(i), 1_000m);
            // lev × 1,000 USDT of notional at 8,000: lev / 8 BTC.
            commands.Add(new Trade(Btc, Trader(i), Maker, Btc8(Leverage[i - 1] / 8m), At(8_000m)));
        }

        for (var price = 7_900m; price >= 5_000m; price -= 100m)
        {
            commands.Add(new PlaceOrder(new OrderId(nextOrder++), Maker, Btc, Side.Buy, At(price), Btc8(0.1m)));
        }

        for (var price = 8_100m; price <= 9_000m; price += 100m)
        {
            commands.Add(new PlaceOrder(new OrderId(nextOrder++), Maker, Btc, Side.Sell, At(price), Btc8(0.5m)));
        }

        return commands;
    }

    /// <summary>Step <paramref name="k"/> (1 …): during the crash 2 s and 2.5% down, after it 5 s at 6,000.</summary>
    public Command[] Step(int k)
    {
        var price = k <= CrashSteps ? 8_000m * (1 - (0.025m * k)) : 6_000m;
        now += k <= CrashSteps ? 2_000 : 5_000;
        return [new AdvanceTime(new EngineTime(now)), new OraclePrice(Btc, At(price), new EngineTime(now))];
    }

    private static void Open(List<Command> commands, AccountId account, decimal dollars)
    {
        commands.Add(new CreateAccount(account, "owner-" + account.Value));
        commands.Add(new Deposit(account, Usdt, new Quantums(Usdt6(dollars))));
    }
}
