using CsCheck;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Risk;

namespace MarginCall.Engine.Tests.Risk;

/// <summary>
/// The bands the candidate index stores (DESIGN §4) are sound: while every price an account depends on stays strictly
/// inside its band, the account's state cannot change (the state machine's next state stays where it is), whatever the
/// prices do jointly, from any state it starts in. Random accounts near their thresholds (cross and isolated, long and short, ETH deposits and
/// borrows) over a continuous schedule and one that jumps at its band edges; every price moved at once, mostly close
/// to its band's edge. A control widens the bands by half and must be caught, so the property can fail.
/// </summary>
public class BandSoundnessProperties
{
    private static readonly AssetId Usdc = new(0);
    private static readonly AssetId EthSpot = new(1);
    private static readonly MarketId Btc = new(0);
    private static readonly MarketId Eth = new(1);
    private static readonly Venue Venue = BuildVenue();

    [Fact]
    public void No_joint_move_inside_the_bands_changes_the_state()
    {
        long moves = 0, near = 0;
        Gen.Int[0, int.MaxValue].Sample(
            seed =>
            {
                var result = Check(seed, widen: 1.0);
                Assert.True(result.Violation is null, $"seed {seed}: {result.Violation}");
                moves += result.Moves;
                near += result.BoundedMoves;
            },
            iter: 3_000,
            threads: 1);

        // Not vacuous: most moves had a finite band on some price, i.e. a threshold within reach.
        Assert.True(near > moves / 2, $"{near} of {moves} moves had a bounded band");
    }

    [Fact]
    public void Bands_widened_by_half_are_caught()
    {
        var caught = 0;
        for (var seed = 0; seed < 3_000 && caught == 0; seed++)
        {
            caught += Check(seed, widen: 1.5).Violation is null ? 0 : 1;
        }

        Assert.True(caught > 0, "widened bands never let a predicate change: the property would not see a bug");
    }

    [Fact]
    public void A_healthy_long_has_no_ceiling_and_a_healthy_short_no_floor()
    {
        var prices = Prices(50_000_00, 3_000_00, 3_000_00);
        var account = new Account(new AccountId(1), "owner");
        account.SetSpotBalance(Usdc, 20_000_000_000); // 20,000 USDC against 100,000 USDC of notional: far above warning
        account.SetPosition(Position(Btc, MarginMode.Cross, 2_000_000, 50_000_00)); // 2 BTC long
        account.SetPosition(Position(Eth, MarginMode.Cross, -1_000_000, 3_000_00 * 1)); // 1 ETH short
        var bands = new PriceBand[3];

        var view = RiskEvaluator.Evaluate(Venue, prices, account, RiskThresholds.Default, LiquidationState.Healthy, bands);

        Assert.False(view.IsBelowWarning);
        Assert.Equal(long.MaxValue, bands[0].UpPpm);
        Assert.InRange(bands[0].DownPpm, 1, 1_000_000);
        Assert.Equal(long.MaxValue, bands[1].DownPpm);
        Assert.InRange(bands[1].UpPpm, 1, 10_000_000);
        Assert.Equal(PriceBand.Unbounded, bands[2]); // the USDC balance: the quote asset never moves
    }

    private static (string? Violation, int Moves, int BoundedMoves) Check(int seed, double widen)
    {
        var random = new Random(seed);
        var prices = Prices(50_000_00, 3_000_00, 3_000_00);
        var account = RandomAccount(random, prices);
        var count = account.Positions.Length + account.SpotBalances.Length;
        var bands = new PriceBand[count];
        var current = (LiquidationState)random.Next(5);
        var state = StateTransitions.Next(current, RiskEvaluator.Evaluate(Venue, prices, account, RiskThresholds.Default, current, bands));
        var bounded = 0;
        for (var move = 0; move < 20; move++)
        {
            var moved = prices.Clone();
            var anyBounded = false;
            for (var i = 0; i < account.Positions.Length; i++)
            {
                var market = account.Positions[i].Market;
                var price = Inside(random, prices.Market(market).Units, bands[i], widen, ref anyBounded);
                moved.SetMarket(market, new Price(price));
            }

            for (var j = 0; j < account.SpotBalances.Length; j++)
            {
                var asset = account.SpotBalances[j].Asset;
                if (asset != Usdc)
                {
                    moved.SetAsset(asset, new Price(Inside(random, prices.Asset(asset).Units, bands[account.Positions.Length + j], widen, ref anyBounded)));
                }
            }

            bounded += anyBounded ? 1 : 0;
            var after = RiskEvaluator.Evaluate(Venue, moved, account, RiskThresholds.Default);
            var next = StateTransitions.Next(state, after);
            if (next != state)
            {
                return ($"from {current}: {state} became {next} (health {after.Health})", move + 1, bounded);
            }
        }

        return (null, 20, bounded);
    }

    /// <summary>A price strictly inside the band's edges as the index rounds them (optionally widened), mostly near an edge.</summary>
    private static long Inside(Random random, long price, PriceBand band, double widen, ref bool anyBounded)
    {
        var down = random.Next(2) == 0;
        var ppm = down ? band.DownPpm : band.UpPpm;
        long room; // how far the price may go that way, in price units, edge excluded
        if (ppm == long.MaxValue)
        {
            room = down ? price / 2 : price; // unbounded side: up to a halving or a doubling
        }
        else
        {
            anyBounded = true;
            var widened = Math.Min((double)ppm * widen, 1e12);
            var width = (long)Math.Floor(price * widened / 1_000_000);
            room = down ? Math.Min(width, price - 1) - 1 : width - 1;
        }

        if (room <= 0)
        {
            return price;
        }

        var fraction = 1 - Math.Pow(random.NextDouble(), 4); // most draws close to the edge
        var step = Math.Clamp((long)(room * fraction), 0, room);
        return down ? price - step : price + step;
    }

    private static Account RandomAccount(Random random, PriceSet prices)
    {
        var account = new Account(new AccountId(1), "owner");
        long crossCollateral = 0;
        foreach (var market in new[] { Btc, Eth })
        {
            if (random.Next(3) == 0)
            {
                continue;
            }

            var mark = prices.Market(market).Units;
            var entry = (long)(mark * (1 + ((random.NextDouble() - 0.5) * 0.1)));
            var notionalUsd = Math.Exp(Math.Log(100) + (random.NextDouble() * Math.Log(2_000))); // 100 to 200,000 USDC
            var size = (long)(notionalUsd / (entry / 100.0) * 1_000) * 1_000 * (random.Next(2) == 0 ? 1 : -1);
            if (size == 0)
            {
                continue;
            }

            var margin = (long)(notionalUsd * (0.01 + (random.NextDouble() * 0.1)) * 1_000_000); // leverage about 9× to 100×
            var isolated = random.Next(3) == 0;
            account.SetPosition(Position(market, isolated ? MarginMode.Isolated : MarginMode.Cross, size, entry) with { IsolatedMargin = isolated ? margin : 0 });
            crossCollateral += isolated ? 0 : margin;
        }

        account.SetSpotBalance(Usdc, crossCollateral + random.Next(0, 50_000_000));
        var eth = random.Next(4);
        if (eth > 0)
        {
            account.SetSpotBalance(EthSpot, (eth == 1 ? -1 : 1) * random.NextInt64(1_000_000, 500_000_000)); // ±0.01 to 5 ETH (8 decimals)
        }

        return account;
    }

    private static PerpPosition Position(MarketId market, MarginMode mode, long size, long entryPrice) =>
        new(market, mode, size, PositionMath.QuoteBalanceAtEntry(Venue.Market(market), size, new Price(entryPrice)), 0, 0);

    private static PriceSet Prices(long btc, long eth, long ethSpot)
    {
        var prices = new PriceSet(Venue);
        prices.SetMarket(Btc, new Price(btc));
        prices.SetMarket(Eth, new Price(eth));
        prices.SetAsset(EthSpot, new Price(ethSpot));
        return prices;
    }

    private static Venue BuildVenue()
    {
        var assets = new[]
        {
            new Asset(Usdc, "USDC", 6, 0, "USDC", Ppm.One, Ppm.One, Ppm.One, Ppm.One),
            new Asset(EthSpot, "ETH", 8, 2, "ETH-USD", new Ppm(800_000), new Ppm(900_000), new Ppm(1_200_000), new Ppm(1_100_000)),
        };

        // BTC: continuous bands (Binance-style deductions); ETH: bands without deductions, so the requirement jumps at
        // 20,000 and 60,000 USDC of notional, inside the range the accounts span.
        var continuous = MarginSchedule.Continuous([
            (new Quantums(30_000_000_000), new Ppm(20_000), new Ppm(10_000)),
            (new Quantums(long.MaxValue), new Ppm(50_000), new Ppm(25_000)),
        ]);
        var jumping = new MarginSchedule([
            new MarginTier(new Quantums(20_000_000_000), new Ppm(20_000), new Ppm(10_000), Quantums.Zero, Quantums.Zero),
            new MarginTier(new Quantums(60_000_000_000), new Ppm(40_000), new Ppm(20_000), Quantums.Zero, Quantums.Zero),
            new MarginTier(new Quantums(long.MaxValue), new Ppm(100_000), new Ppm(50_000), Quantums.Zero, Quantums.Zero),
        ]);
        var markets = new[]
        {
            new PerpetualMarket(Btc, "BTC-USD", "BTC-USD", sizeDecimals: 6, priceDecimals: 2, quoteDecimals: 6, stepSize: 1_000, tickSize: 1, continuous),
            new PerpetualMarket(Eth, "ETH-USD", "ETH-USD", sizeDecimals: 6, priceDecimals: 2, quoteDecimals: 6, stepSize: 1_000, tickSize: 1, jumping),
        };
        return new Venue(assets, Usdc, markets);
    }
}
