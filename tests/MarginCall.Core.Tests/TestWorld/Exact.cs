using System.Numerics;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Core.Tests.TestWorld;

/// <summary>An exact rational in quote quantums (BigInteger, no rounding, no overflow): the yardstick for rounding.</summary>
internal readonly record struct Rational(BigInteger Numerator, BigInteger Denominator) : IComparable<Rational>
{
    public static Rational Zero => new(0, 1);

    public static Rational Of(long value) => new(value, 1);

    /// <summary>value × 10^exponent.</summary>
    public static Rational Scaled(BigInteger value, int exponent) =>
        exponent >= 0 ? new(value * BigInteger.Pow(10, exponent), 1) : new(value, BigInteger.Pow(10, -exponent));

    public static Rational operator +(Rational a, Rational b) => Reduced((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static Rational operator -(Rational a, Rational b) => a + new Rational(-b.Numerator, b.Denominator);

    public static Rational operator *(Rational a, Ppm rate) => Reduced(a.Numerator * rate.Value, a.Denominator * Ppm.OneValue);

    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    public static Rational Max(Rational a, Rational b) => a >= b ? a : b;

    /// <summary>Whether two rationals are the same number (record equality compares representations).</summary>
    public bool Same(Rational other) => CompareTo(other) == 0;

    public Rational Abs() => new(BigInteger.Abs(Numerator), Denominator);

    public int CompareTo(Rational other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    public override string ToString() => $"{Numerator}/{Denominator}";

    private static Rational Reduced(BigInteger numerator, BigInteger denominator)
    {
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        return gcd.IsOne || gcd.IsZero ? new(numerator, denominator) : new(numerator / gcd, denominator / gcd);
    }
}

/// <summary>Exact (unrounded) pool figures, computed independently of Core's rounding with BigInteger rationals.</summary>
internal readonly record struct ExactFigures(Rational Equity, Rational InitialRequirement, Rational MaintenanceRequirement, Rational Notional)
{
    public static ExactFigures operator +(ExactFigures a, ExactFigures b) => new(
        a.Equity + b.Equity, a.InitialRequirement + b.InitialRequirement, a.MaintenanceRequirement + b.MaintenanceRequirement, a.Notional + b.Notional);

    /// <summary>The exact figures of the pool <paramref name="position"/> belongs to.</summary>
    public static ExactFigures PoolOf(World world, Account account, PerpPosition position)
    {
        if (position.Mode == MarginMode.Isolated)
        {
            var own = Position(world, position);
            return own with { Equity = own.Equity + Rational.Of(position.IsolatedMargin) };
        }

        return Cross(world, account);
    }

    public static ExactFigures Cross(World world, Account account)
    {
        var figures = new ExactFigures(Rational.Zero, Rational.Zero, Rational.Zero, Rational.Zero);
        foreach (var spot in account.SpotBalances)
        {
            var asset = world.Venue.Asset(spot.Asset);
            var value = Rational.Scaled((BigInteger)spot.Balance * world.Prices.Asset(spot.Asset).Units, world.Venue.AssetScale(spot.Asset).Exponent);
            var (initial, maintenance) = spot.Balance > 0
                ? (value.Abs() * new Ppm(Ppm.OneValue - asset.InitialDepositWeight.Value), value.Abs() * new Ppm(Ppm.OneValue - asset.MaintenanceDepositWeight.Value))
                : (value.Abs() * new Ppm(asset.InitialBorrowWeight.Value - Ppm.OneValue), value.Abs() * new Ppm(asset.MaintenanceBorrowWeight.Value - Ppm.OneValue));
            figures += new ExactFigures(value, initial, maintenance, Rational.Zero);
        }

        foreach (var position in account.Positions)
        {
            if (position.Mode == MarginMode.Cross)
            {
                figures += Position(world, position);
            }
        }

        return figures;
    }

    private static ExactFigures Position(World world, PerpPosition position)
    {
        var market = world.Venue.Market(position.Market);
        var exponent = market.Scale.Exponent;
        var price = world.Prices.Market(position.Market).Units;
        var value = Rational.Scaled((BigInteger)position.Size * price, exponent);
        var funding = Rational.Scaled(-(BigInteger)position.Size * (world.Prices.FundingIndex(position.Market) - position.LastFundingIndex), exponent);
        var notional = value.Abs();
        return new ExactFigures(
            Rational.Of(position.QuoteBalance) + value + funding,
            Requirement(market.Margin, notional, maintenance: false),
            Requirement(market.Margin, notional, maintenance: true),
            notional);
    }

    private static Rational Requirement(MarginSchedule schedule, Rational notional, bool maintenance)
    {
        foreach (var tier in schedule.Tiers)
        {
            if (notional <= Rational.Of(tier.NotionalCap.Value))
            {
                var gross = notional * (maintenance ? tier.MaintenanceRate : tier.InitialRate);
                var deduction = maintenance ? tier.MaintenanceDeduction : tier.InitialDeduction;
                return Rational.Max(Rational.Zero, gross - Rational.Of(deduction.Value));
            }
        }

        throw new InvalidOperationException("the last tier is unbounded");
    }
}
