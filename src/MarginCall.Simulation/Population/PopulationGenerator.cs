using MarginCall.Core.Model;
using MarginCall.Simulation.Randomness;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Population;

/// <summary>
/// Draws a population from a <see cref="PopulationSpec"/>: per account a number of positions (distinct markets chosen
/// uniformly), and per position a side (long with probability longRatio), a margin mode (isolated with probability
/// isolatedRatio), a notional and a leverage. The draws use their own random stream, so changing the price process
/// does not change the population of a seed.
/// </summary>
public static class PopulationGenerator
{
    /// <summary>Generates <see cref="PopulationSpec.Count"/> accounts over <paramref name="marketCount"/> markets.</summary>
    public static IReadOnlyList<PlannedAccount> Generate(PopulationSpec spec, int marketCount, Xoshiro256StarStar random)
    {
        var accounts = new PlannedAccount[spec.Count];
        var a = 0;
        foreach (var account in Enumerate(spec, marketCount, random))
        {
            accounts[a++] = account;
        }

        return accounts;
    }

    /// <summary>
    /// The same accounts as <see cref="Generate"/>, drawn one at a time as they are enumerated (once), so a caller that
    /// opens each account as it comes (the whole-scale bench, a million accounts) never holds the whole plan.
    /// </summary>
    public static IEnumerable<PlannedAccount> Enumerate(PopulationSpec spec, int marketCount, Xoshiro256StarStar random)
    {
        var markets = new int[marketCount];
        for (var a = 0; a < spec.Count; a++)
        {
            yield return Draw(spec, a + 1, markets, random);
        }
    }

    /// <summary>
    /// Scales every position of market m by openInterest[m] / Σ |notional of m| so the market's open interest is the
    /// calibrated one (<see cref="Liquidity.VolumeCalibration"/>); a null entry leaves that market as drawn. Leverage
    /// is kept, so collateral scales with the notional.
    /// </summary>
    public static IReadOnlyList<PlannedAccount> ScaleToOpenInterest(IReadOnlyList<PlannedAccount> plan, IReadOnlyList<double?> openInterest)
    {
        var drawn = new double[openInterest.Count];
        foreach (var account in plan)
        {
            foreach (var p in account.Positions)
            {
                drawn[p.Market] += Math.Abs(p.Notional);
            }
        }

        var factor = new double[openInterest.Count];
        var any = false;
        for (var m = 0; m < factor.Length; m++)
        {
            factor[m] = openInterest[m] is { } target && drawn[m] > 0 ? target / drawn[m] : 1;
            any |= factor[m] != 1;
        }

        return !any ? plan : [.. plan.Select(a => a with { Positions = [.. a.Positions.Select(p => p with { Notional = p.Notional * factor[p.Market] })] })];
    }

    private static PlannedAccount Draw(PopulationSpec spec, long owner, int[] markets, Xoshiro256StarStar random)
    {
        var marketCount = markets.Length;
        var count = (int)Math.Clamp(Math.Round(spec.PositionsPerAccount.Sample(random)), 1, marketCount);
        for (var i = 0; i < marketCount; i++)
        {
            markets[i] = i;
        }

        // Partial Fisher–Yates: the first `count` entries become a uniform choice of distinct markets, kept in market order.
        for (var i = 0; i < count; i++)
        {
            var j = i + random.NextInt(marketCount - i);
            (markets[i], markets[j]) = (markets[j], markets[i]);
        }

        Array.Sort(markets, 0, count);
        var positions = new PlannedPosition[count];
        for (var p = 0; p < count; p++)
        {
            var isLong = random.NextDouble() < spec.LongRatio;
            var mode = random.NextDouble() < spec.IsolatedRatio ? MarginMode.Isolated : MarginMode.Cross;
            var notional = spec.Notional.Sample(random);
            var leverage = spec.Leverage.Sample(random);
            positions[p] = new PlannedPosition(markets[p], isLong, notional, leverage, mode);
        }

        return new PlannedAccount(owner, positions);
    }
}
