using System.Diagnostics;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;

namespace MarginCall.Engine.Bench;

/// <summary>
/// Builds the bench population in an engine, entirely through the sequencer: a market maker (slot 0) with
/// 1,000,000,000 USDC, then per account a <see cref="CreateAccount"/>, one <see cref="Deposit"/> and one
/// <see cref="Trade"/> against the market maker per position, at the mark (no price impact, no rounding dust); an
/// isolated position's trade carries its isolated margin.
/// <para>Positions: 1–5 over distinct markets (30/30/20/10/10%), notional log-uniform in 100–100,000 USDC, long or
/// short at even odds, leverage 1 + 49u² (u uniform: mostly low, up to 50×) per account.</para>
/// </summary>
internal sealed class PopulationBuilder(MarginEngine engine, List<EngineEvent> events)
{
    /// <summary>The market maker's account id (slot 0).</summary>
    public static readonly AccountId MarketMaker = new(0);

    private const long Usdc = 1_000_000; // quantums per USDC

    private static readonly int[] PositionCountOdds = [30, 30, 20, 10, 10];

    /// <summary>Commands submitted (creates, deposits, trades, prices).</summary>
    public long Commands { get; private set; }

    /// <summary>Stopwatch ticks spent inside <see cref="MarginEngine.Submit(Command, List{EngineEvent})"/>.</summary>
    public long SubmitTicks { get; private set; }

    /// <summary>Cross positions opened through trades.</summary>
    public long CrossPositions { get; private set; }

    /// <summary>Isolated positions opened through trades carrying isolated margin.</summary>
    public long IsolatedPositions { get; private set; }

    /// <summary>Opens every market at its opening price and funds the market maker.</summary>
    public void Open(long timeMs)
    {
        Submit(new AdvanceTime(timeMs));
        for (var m = 0; m < BenchVenue.MarketCount; m++)
        {
            Submit(new OraclePrice(new MarketId(m), new Price(BenchVenue.OpeningPrice(m)), timeMs));
        }

        Submit(new CreateAccount(MarketMaker, "market-maker"));
        Submit(new Deposit(MarketMaker, BenchVenue.Usdc, 1_000_000_000 * Usdc));
    }

    /// <summary>Adds <paramref name="count"/> generated accounts (ids 1…count).</summary>
    /// <param name="count">Accounts to add.</param>
    /// <param name="random">The population's generator.</param>
    /// <param name="isolatedShare">Share of isolated positions.</param>
    /// <param name="fixedPositions">When positive, every account gets exactly this many cross positions (the memory probe).</param>
    public void AddAccounts(int count, ref BenchRandom random, double isolatedShare, int fixedPositions = 0)
    {
        Span<int> markets = stackalloc int[BenchVenue.MarketCount];
        Span<(int Market, long Size, bool Isolated, long Margin)> plan = stackalloc (int, long, bool, long)[BenchVenue.MarketCount];
        for (var i = 1; i <= count; i++)
        {
            var id = new AccountId(i);
            Submit(new CreateAccount(id, "u" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var positions = fixedPositions > 0 ? fixedPositions : PositionCount(ref random);
            var leverage = 1 + (49 * Square(random.NextDouble()));
            ChooseMarkets(ref random, markets, positions);

            var planned = plan[..positions];
            long crossMargin = 0, isolatedMargin = 0;
            for (var j = 0; j < positions; j++)
            {
                var market = engine.State.Venue.Markets[markets[j]];
                var price = engine.State.Marks.Market(market.Id);
                var size = SizeFor(market, price, Math.Exp(Math.Log(100) + (random.NextDouble() * Math.Log(1_000))) * Usdc);
                size = random.Next(2) == 0 ? size : -size;
                var isolated = fixedPositions == 0 && random.NextDouble() < isolatedShare;
                var margin = (long)Math.Ceiling(market.Scale.Notional(size, price).Value / leverage) + Usdc;
                planned[j] = (markets[j], size, isolated, margin);
                if (isolated)
                {
                    isolatedMargin += margin;
                }
                else
                {
                    crossMargin += margin;
                }
            }

            Submit(new Deposit(id, BenchVenue.Usdc, crossMargin + isolatedMargin));
            foreach (var p in planned)
            {
                var market = new MarketId(p.Market);
                var price = engine.State.Marks.Market(market);
                var mode = p.Isolated ? MarginMode.Isolated : MarginMode.Cross;
                var margin = p.Isolated ? p.Margin : 0;
                Submit(p.Size > 0
                    ? new Trade(market, id, MarketMaker, p.Size, price, BuyerMode: mode, BuyerIsolatedMargin: margin)
                    : new Trade(market, MarketMaker, id, -p.Size, price, SellerMode: mode, SellerIsolatedMargin: margin));
                if (p.Isolated)
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

    /// <summary>A whole number of steps worth about <paramref name="notionalQuantums"/> at <paramref name="price"/> (at least one step).</summary>
    private static long SizeFor(PerpetualMarket market, Price price, double notionalQuantums)
    {
        var stepValue = (double)market.Scale.Notional(market.StepSize, price).Value;
        var steps = Math.Max(1, (long)Math.Round(notionalQuantums / stepValue));
        return steps * market.StepSize;
    }

    private static int PositionCount(ref BenchRandom random)
    {
        var draw = random.Next(100);
        for (var i = 0; i < PositionCountOdds.Length; i++)
        {
            draw -= PositionCountOdds[i];
            if (draw < 0)
            {
                return i + 1;
            }
        }

        return PositionCountOdds.Length;
    }

    /// <summary>The first <paramref name="count"/> entries of a partial Fisher–Yates shuffle of the market ids.</summary>
    private static void ChooseMarkets(ref BenchRandom random, Span<int> markets, int count)
    {
        for (var m = 0; m < markets.Length; m++)
        {
            markets[m] = m;
        }

        for (var j = 0; j < count; j++)
        {
            var k = j + random.Next(markets.Length - j);
            (markets[j], markets[k]) = (markets[k], markets[j]);
        }
    }

    private static double Square(double x) => x * x;
}
