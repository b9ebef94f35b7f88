using CsCheck;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Core.Tests.TestWorld;

namespace MarginCall.Core.Tests.Properties;

/// <summary>
/// The liquidation price is the first crossing on any tier schedule — continuous (deductions) or with jumps at the band
/// edges (no deductions, as OKX/BitMEX-style tables are typed) — on the market's tick, rounded against the account.
/// The reference walks every tick price from the current one with the exact rounded figures of
/// <see cref="MarginCalculator.PoolOf"/>; the solver (band-wise bisection) must land on the same tick.
/// </summary>
public sealed class FirstCrossingProperties
{
    /// <summary>A one-market world: tiers (cap in whole USD, rates in ppm), tick, signed size, balance, price in ticks.</summary>
    internal sealed record Case((long Cap, long Initial, long Maintenance)[] Tiers, bool Continuous, long Tick, long Size, long Balance, long PriceTicks)
    {
        public static Gen<Case> Gen { get; } =
            CsCheck.Gen.Select(
                CsCheck.Gen.Int[1, 4].SelectMany(n => CsCheck.Gen.Select(
                    CsCheck.Gen.Long[1_000, 40_000].Array[n],
                    CsCheck.Gen.Long[2_000, 150_000].Array[n],
                    (caps, rates) => MakeTiers(caps, rates))),
                CsCheck.Gen.Bool,
                CsCheck.Gen.Int[0, 2].Select(i => i == 0 ? 1L : i == 1 ? 5L : 50L),
                CsCheck.Gen.Long[1, 400_000],
                CsCheck.Gen.Bool,
                CsCheck.Gen.Long[0, 50_000_000_000],
                CsCheck.Gen.Long[100, 4_000],
                (tiers, continuous, tick, size, isShort, balance, price) => new Case(tiers, continuous, tick, isShort ? -size : size, balance, price));

        private static (long, long, long)[] MakeTiers(long[] caps, long[] rates)
        {
            // Caps increasing (cumulative), maintenance rates non-decreasing, initial = 2 × maintenance (≤ 1).
            var sortedRates = rates.Order().ToArray();
            var cap = 0L;
            var tiers = new (long, long, long)[caps.Length];
            for (var i = 0; i < caps.Length; i++)
            {
                cap += caps[i];
                tiers[i] = (cap, Math.Min(1_000_000, 2 * sortedRates[i]), sortedRates[i]);
            }

            return tiers;
        }

        public (World World, Account Account, PerpPosition Position) Build()
        {
            const int quoteDecimals = 6;
            var bands = Tiers.Select((t, i) => (
                Cap: new Quantums(i == Tiers.Length - 1 ? long.MaxValue : t.Cap * 1_000_000),
                Initial: new Ppm(t.Initial),
                Maintenance: new Ppm(t.Maintenance))).ToList();
            var schedule = Continuous
                ? MarginSchedule.Continuous(bands)
                : new MarginSchedule([.. bands.Select(b => new MarginTier(b.Cap, b.Initial, b.Maintenance, Quantums.Zero, Quantums.Zero))]);
            var world = WorldBuilder.WithQuote("USDC", quoteDecimals)
                .Market("X-USD", sizeDecimals: 4, priceDecimals: 2, schedule, stepSize: 1, tickSize: Tick)
                .Build();
            var market = world.Market("X-USD");
            world.Prices.SetMarket(market.Id, new Price(PriceTicks * Tick));
            var account = world.NewAccount();
            account.SetSpotBalance(world.Venue.Quote.Id, Balance);
            var position = new PerpPosition(market.Id, MarginMode.Cross, Size,
                PositionMath.QuoteBalanceAtEntry(market, Size, new Price(PriceTicks * Tick)), 0, LastFundingIndex: 0);
            account.SetPosition(position);
            return (world, account, position);
        }
    }

    [Fact]
    public void Liquidation_price_is_the_first_crossing_on_the_tick_for_continuous_and_jumping_schedules() =>
        Case.Gen.Sample(c =>
        {
            var (world, account, position) = c.Build();
            var solved = PriceSolver.LiquidationPrice(world.Venue, world.Prices, account, position);
            var expected = Scan(world, account, position, c, out var complete);
            if (complete || solved is null || expected is not null)
            {
                Assert.Equal(expected, solved?.Units);
            }
            else
            {
                // The scan stopped short of the ledger's range: the solver's answer must lie beyond the scanned ticks.
                Assert.True(solved.Value.Units > ScanLimitTicks * c.Tick, $"solver {solved} inside the scanned range, scan found none");
            }

            if (solved is { } price)
            {
                Assert.Equal(0, price.Units % c.Tick);
            }
        }, iter: 3_000);

    [Fact]
    public void Bankruptcy_price_on_the_tick_is_rounded_against_the_account() =>
        Case.Gen.Sample(c =>
        {
            var (world, account, position) = c.Build();
            var exact = PriceSolver.BankruptcyPrice(world.Venue, world.Prices, account, position);
            var onTick = PriceSolver.BankruptcyPriceOnTick(world.Venue, world.Prices, account, position);
            if (exact is not { } e)
            {
                Assert.Null(onTick);
                return;
            }

            Assert.NotNull(onTick);
            var t = onTick.Value.Units;
            Assert.Equal(0, t % c.Tick);
            Assert.True(c.Size > 0 ? t >= e.Units && t - e.Units < c.Tick : t <= e.Units && e.Units - t < c.Tick);
        }, iter: 1_000);

    [Fact]
    public void A_long_already_under_on_a_jumping_schedule_reports_a_price_above_the_current_one()
    {
        // Two bands without deductions: 1% under 10,000 USD of notional, 20% above. 1 X at 100 (notional 100 USD ×
        // ... sized so the position sits in the 20% band): equity − requirement < 0 now; a falling price first leaves
        // the 20% band (requirement drops to 1%), so the lowest root of the 1% band is not where it liquidates.
        var c = new Case([(10_000, 20_000, 10_000), (0, 400_000, 200_000)], Continuous: false, Tick: 1, Size: 1_500_000, Balance: 1_000_000_000, PriceTicks: 10_000);
        var (world, account, position) = c.Build();
        Assert.True(MarginCalculator.PoolOf(world.Venue, world.Prices, account, position).MaintenanceExcess.Value < 0, "the setup must start under");

        var liquidation = PriceSolver.LiquidationPrice(world.Venue, world.Prices, account, position);

        Assert.NotNull(liquidation);
        Assert.True(liquidation.Value.Units > c.PriceTicks * c.Tick, $"reported {liquidation} for a long already under at {c.PriceTicks * c.Tick}");
        Assert.Equal(Scan(world, account, position, c, out _), liquidation.Value.Units);
    }

    private const long ScanLimitTicks = 200_000;

    /// <summary>The definition, tick by tick (see <see cref="PriceSolver.LiquidationPrice"/>).</summary>
    private static long? Scan(World world, Account account, PerpPosition position, Case c, out bool complete)
    {
        bool Safe(long k)
        {
            var prices = world.Prices.Clone();
            prices.SetMarket(position.Market, new Price(k * c.Tick));
            return MarginCalculator.PoolOf(world.Venue, prices, account, position).MaintenanceExcess.Value >= 0;
        }

        complete = true;
        var start = c.PriceTicks;
        var isLong = c.Size > 0;
        var safeNow = Safe(start);
        var step = isLong == safeNow ? -1 : 1; // toward the adverse side when safe, back when under
        for (var k = start + step; k >= 1 && k <= ScanLimitTicks; k += step)
        {
            if (Safe(k) != safeNow)
            {
                // Safe now: the last safe tick before the crossing. Under now: the first safe tick.
                return (safeNow ? k - step : k) * c.Tick;
            }
        }

        complete = step < 0; // walking down ends at tick 1; walking up stops at the scan limit
        return null;
    }
}
