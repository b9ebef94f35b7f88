using MarginCall.Core.Numbers;

namespace MarginCall.Simulation.Prices;

/// <summary>
/// The one place where simulated (floating-point) values enter the ledger. Every price the simulator sends to the
/// engine (oracle updates, market-maker quotes) goes through <see cref="ToPrice"/> and every amount (deposits,
/// position sizes, resting order sizes) through <see cref="ToQuantums"/>; nothing else converts a double into a
/// ledger value. Both round explicitly and refuse values that are not finite or do not fit in 64 bits.
/// </summary>
public static class LedgerConversion
{
    /// <summary>
    /// Converts a price in whole quote units per whole base unit (e.g. 65000.5 USD per BTC) to fixed-point price units
    /// with <paramref name="priceDecimals"/> decimals, rounded to the nearest multiple of <paramref name="tickSize"/>
    /// (ties away from zero), and never below one tick (an oracle price must be positive).
    /// </summary>
    /// <exception cref="LedgerRangeException">The price is not finite, not positive, or beyond 64-bit price units.</exception>
    public static Price ToPrice(double price, int priceDecimals, long tickSize = 1)
    {
        if (!double.IsFinite(price) || price <= 0)
        {
            throw new LedgerRangeException(nameof(price), price, "a simulated price must be finite and positive");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tickSize);
        var ticks = Math.Round(price * Math.Pow(10, priceDecimals) / tickSize, MidpointRounding.AwayFromZero);
        if (ticks >= long.MaxValue / (double)tickSize)
        {
            throw new LedgerRangeException(nameof(price), price, "the price does not fit in 64-bit price units");
        }

        return new Price(Math.Max(1L, (long)ticks) * tickSize);
    }

    /// <summary>
    /// Converts a non-negative amount in whole units (e.g. 1.25 BTC, 5000 USD) to quantums with
    /// <paramref name="decimals"/> decimals, rounded DOWN to a multiple of <paramref name="step"/>: a generated position
    /// or deposit is never larger than its draw. May return zero for amounts under one step.
    /// </summary>
    /// <exception cref="LedgerRangeException">The amount is not finite, negative, or beyond 64-bit quantums.</exception>
    public static Quantums ToQuantums(double amount, int decimals, long step = 1)
    {
        if (!double.IsFinite(amount) || amount < 0)
        {
            throw new LedgerRangeException(nameof(amount), amount, "a simulated amount must be finite and non-negative");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        var steps = Math.Floor(amount * Math.Pow(10, decimals) / step);
        if (steps >= long.MaxValue / (double)step)
        {
            throw new LedgerRangeException(nameof(amount), amount, "the amount does not fit in 64-bit quantums");
        }

        return new Quantums((long)steps * step);
    }

    /// <summary>
    /// Converts a ratio written as a number (0.25, 1.1) to parts per million, rounded to the nearest ppm (ties away from
    /// zero). Scenario margin rates pass through here.
    /// </summary>
    /// <exception cref="LedgerRangeException">The ratio is not finite or does not fit.</exception>
    public static Ppm ToPpm(double ratio)
    {
        if (!double.IsFinite(ratio) || Math.Abs(ratio) >= long.MaxValue / (double)Ppm.OneValue)
        {
            throw new LedgerRangeException(nameof(ratio), ratio, "a ratio must be finite and fit in 64-bit ppm");
        }

        return new Ppm((long)Math.Round(ratio * Ppm.OneValue, MidpointRounding.AwayFromZero));
    }

    /// <summary>A price as a double in whole quote units (for the stochastic model and reports only).</summary>
    public static double ToDouble(Price price, int priceDecimals) => price.Units / Math.Pow(10, priceDecimals);

    /// <summary>An amount as a double in whole units (for the stochastic model and reports only).</summary>
    public static double ToDouble(Quantums amount, int decimals) => amount.Value / Math.Pow(10, decimals);
}
