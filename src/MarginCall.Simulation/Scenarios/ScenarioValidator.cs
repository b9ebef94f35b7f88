using MarginCall.Simulation.Randomness;

namespace MarginCall.Simulation.Scenarios;

/// <summary>Semantic checks of a deserialized <see cref="Scenario"/>; each problem names its JSON path.</summary>
internal static class ScenarioValidator
{
    /// <summary>The first problem found, or null when the scenario is valid.</summary>
    public static (string Path, string Message)? FirstProblem(Scenario s) => Problems(s).Cast<(string, string)?>().FirstOrDefault();

    private static IEnumerable<(string Path, string Message)> Problems(Scenario s)
    {
        if (!(s.DurationSeconds > 0))
        {
            yield return ("$.durationSeconds", "must be positive");
        }

        if (!(s.StepSeconds > 0))
        {
            yield return ("$.stepSeconds", "must be positive");
        }

        if (s.TimelineEverySteps is <= 0)
        {
            yield return ("$.timelineEverySteps", "must be positive");
        }

        if (!(s.InsuranceFund >= 0))
        {
            yield return ("$.insuranceFund", "must not be negative");
        }

        if (s.Quote.Decimals is < 0 or > 18)
        {
            yield return ("$.quote.decimals", "must be 0..18");
            yield break; // every amount check below depends on the decimals
        }

        if (!FitsQuote(s.InsuranceFund, s.Quote.Decimals))
        {
            yield return ("$.insuranceFund", TooLarge(s.Quote.Decimals));
        }

        if (!(s.Keeper.MinProfit >= 0 && s.Keeper.MinProfit <= 1))
        {
            yield return ("$.keeper.minProfit", "must be within [0, 1]");
        }

        if (s.Keeper.Count is < 1 or > 100)
        {
            yield return ("$.keeper.count", "must be within 1..100");
        }

        if (string.IsNullOrWhiteSpace(s.Quote.Symbol))
        {
            yield return ("$.quote.symbol", "must not be empty");
        }

        if (s.Markets.Count == 0)
        {
            yield return ("$.markets", "at least one market is required");
        }

        for (var i = 0; i < s.Markets.Count; i++)
        {
            foreach (var problem in Market(s.Markets[i], $"$.markets[{i}]", s.PriceProcess.IsReplay, s.Quote.Decimals, s.PriceProcess.Kind))
            {
                yield return problem;
            }
        }

        if (s.Markets.Select(m => m.Symbol).Distinct().Count() != s.Markets.Count)
        {
            yield return ("$.markets", "market symbols must be unique");
        }

        foreach (var problem in Population(s.Population, s.Markets.Count))
        {
            yield return problem;
        }

        foreach (var problem in Process(s.PriceProcess, s.Markets))
        {
            yield return problem;
        }

        foreach (var problem in Liquidity(s.Liquidity, "$.liquidity", s.Quote.Decimals, s.PriceProcess.Kind))
        {
            yield return problem;
        }
    }

    private static IEnumerable<(string, string)> Market(MarketSpec m, string path, bool replay, int quoteDecimals, string kind)
    {
        if (string.IsNullOrWhiteSpace(m.Symbol))
        {
            yield return (path + ".symbol", "must not be empty");
        }

        if (m.SizeDecimals is < 0 or > 18)
        {
            yield return (path + ".sizeDecimals", "must be 0..18");
        }

        if (m.PriceDecimals is < 0 or > 18)
        {
            yield return (path + ".priceDecimals", "must be 0..18");
        }

        if (m.TickSize is <= 0 or > MaxGridUnits)
        {
            yield return (path + ".tickSize", "must be positive and at most 1e15 price units");
        }

        if (m.StepSize is <= 0 or > MaxGridUnits)
        {
            yield return (path + ".stepSize", "must be positive and at most 1e15 base quantums");
        }

        if (!replay && !(m.InitialPrice > 0))
        {
            yield return (path + ".initialPrice", "must be positive");
        }
        else if (m.InitialPrice is { } price && m.PriceDecimals is >= 0 and <= 18 && m.TickSize > 0
            && !(price > 0 && price * Math.Pow(10, m.PriceDecimals) / m.TickSize <= MaxPriceTicks))
        {
            yield return (path + ".initialPrice", "must be positive and at most 1e15 ticks");
        }

        if (!(m.VolatilityScale >= 0 && m.VolatilityScale <= 100))
        {
            yield return (path + ".volatilityScale", "must be within [0, 100]");
        }

        if (m.Tiers.Count == 0)
        {
            yield return (path + ".tiers", "at least one tier is required");
        }

        for (var t = 0; t < m.Tiers.Count; t++)
        {
            var tier = m.Tiers[t];
            var tierPath = $"{path}.tiers[{t}]";
            if (!(tier.MaintenanceRate > 0 && tier.MaintenanceRate < 1))
            {
                yield return (tierPath + ".maintenanceRate", "must be above 0 and below 1");
            }

            if (!(tier.InitialRate >= tier.MaintenanceRate && tier.InitialRate <= 1))
            {
                yield return (tierPath + ".initialRate", "must be within maintenanceRate..1");
            }

            if (t < m.Tiers.Count - 1 && !(tier.NotionalCap > 0))
            {
                yield return (tierPath + ".notionalCap", "every tier but the last needs a positive cap");
            }

            if (tier.NotionalCap is { } cap && !FitsQuote(cap, quoteDecimals))
            {
                yield return (tierPath + ".notionalCap", TooLarge(quoteDecimals));
            }

            // The engine's schedule (MarginSchedule) needs caps increasing and rates not falling band to band; the
            // deductions that make the schedule continuous would otherwise be negative.
            if (t > 0)
            {
                var previous = m.Tiers[t - 1];
                if (tier.NotionalCap is { } c && previous.NotionalCap is { } p && !(c > p))
                {
                    yield return (tierPath + ".notionalCap", "caps must increase from tier to tier");
                }

                if (tier.MaintenanceRate < previous.MaintenanceRate)
                {
                    yield return (tierPath + ".maintenanceRate", "must not fall from tier to tier");
                }

                if (tier.InitialRate < previous.InitialRate)
                {
                    yield return (tierPath + ".initialRate", "must not fall from tier to tier");
                }
            }
        }

        if (m.Liquidity is not null)
        {
            foreach (var problem in Liquidity(m.Liquidity, path + ".liquidity", quoteDecimals, kind))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<(string, string)> Population(PopulationSpec p, int marketCount)
    {
        if (p.File is null && p.Count <= 0)
        {
            yield return ("$.population.count", "must be positive (or give a population file)");
        }

        if (p.LongRatio is < 0 or > 1 || double.IsNaN(p.LongRatio))
        {
            yield return ("$.population.longRatio", "must be within [0, 1]");
        }

        if (p.IsolatedRatio is < 0 or > 1 || double.IsNaN(p.IsolatedRatio))
        {
            yield return ("$.population.isolatedRatio", "must be within [0, 1]");
        }

        foreach (var (name, d) in new[] { ("notional", p.Notional), ("leverage", p.Leverage), ("positionsPerAccount", p.PositionsPerAccount) })
        {
            if (Check(d) is { } problem)
            {
                yield return ($"$.population.{name}.{problem.Field}", problem.Message);
            }
        }

        if (p.Leverage.Kind == "fixed" && p.Leverage.Value is <= 0)
        {
            yield return ("$.population.leverage.value", "leverage must be positive");
        }

        foreach (var (name, d) in new[] { ("notional", p.Notional), ("leverage", p.Leverage), ("positionsPerAccount", p.PositionsPerAccount) })
        {
            if (Bounded(d) is { } field)
            {
                yield return ($"$.population.{name}.{field}", "must be at most 1e15 in magnitude (sigma at most 10)");
            }
        }

        if (p.PositionsPerAccount.Kind == "fixed" && p.PositionsPerAccount.Value > marketCount)
        {
            yield return ("$.population.positionsPerAccount.value", $"an account holds at most one position per market ({marketCount})");
        }
    }

    private static (string Field, string Message)? Check(Distribution d) => d.Validate();

    // Largest magnitudes accepted before the run: the ledger holds 64-bit quantums (9.2e18), so an amount times
    // 10^decimals stays under 1e17 (room for the sums the setup makes), a price under 1e15 ticks.
    private const double MaxQuantums = 1e17;
    private const double MaxPriceTicks = 1e15;
    private const double MaxWholePrice = 1e12;
    private const long MaxGridUnits = 1_000_000_000_000_000;
    private const double MaxVolatility = 50; // annualized, 5,000%
    private const double MaxDrift = 10_000; // annualized (slow-grind.json falls at −260 a year over 12 hours)

    private static bool FitsQuote(double amount, int decimals) => Math.Abs(amount) * Math.Pow(10, decimals) <= MaxQuantums;

    private static string TooLarge(int decimals) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"is beyond the ledger: at most {MaxQuantums / Math.Pow(10, decimals):0.###e+0} whole quote units at {decimals} decimals");

    private static string? Bounded(Distribution d)
    {
        static bool Ok(double? x) => x is not { } v || Math.Abs(v) <= 1e15;
        return !Ok(d.Value) ? "value" : !Ok(d.Min) ? "min" : !Ok(d.Max) ? "max" : !Ok(d.Median) ? "median"
            : d.Sigma is > 10 ? "sigma" : !Ok(d.Alpha) ? "alpha"
            : d.Values?.Any(v => !Ok(v)) == true ? "values" : d.Weights?.Any(w => !Ok(w)) == true ? "weights" : null;
    }

    private static IEnumerable<(string, string)> Process(PriceProcessSpec p, IReadOnlyList<MarketSpec> markets)
    {
        switch (p.Kind)
        {
            case "gbm":
            case "jumpDiffusion":
                if (!(p.Volatility >= 0 && p.Volatility <= MaxVolatility))
                {
                    yield return ("$.priceProcess.volatility", "must be within [0, 50] (annualized)");
                }

                if (!(Math.Abs(p.Drift) <= MaxDrift))
                {
                    yield return ("$.priceProcess.drift", "must be within [-10000, 10000] (annualized)");
                }

                break;
            case "regimeSwitching":
                if (p.Regimes is null || p.Regimes.Count == 0)
                {
                    yield return ("$.priceProcess.regimes", "regimeSwitching needs at least one regime");
                    break;
                }

                for (var i = 0; i < p.Regimes.Count; i++)
                {
                    if (!(p.Regimes[i].Volatility >= 0 && p.Regimes[i].Volatility <= MaxVolatility))
                    {
                        yield return ($"$.priceProcess.regimes[{i}].volatility", "must be within [0, 50] (annualized)");
                    }

                    if (!(Math.Abs(p.Regimes[i].Drift) <= MaxDrift))
                    {
                        yield return ($"$.priceProcess.regimes[{i}].drift", "must be within [-10000, 10000] (annualized)");
                    }

                    if (p.Regimes[i].MeanDurationSeconds is { } d && !(d > 0))
                    {
                        yield return ($"$.priceProcess.regimes[{i}].meanDurationSeconds", "must be positive");
                    }
                }

                break;
            case "replay":
                if (p.Series is null || p.Series.Count != markets.Count)
                {
                    yield return ("$.priceProcess.series", "replay needs one series per market");
                    break;
                }

                for (var i = 0; i < p.Series.Count; i++)
                {
                    var series = p.Series[i];
                    var path = $"$.priceProcess.series[{i}]";
                    if (series.Market != markets[i].Symbol)
                    {
                        yield return (path + ".market", $"expected {SafeText.Quote(markets[i].Symbol)} (series follow the order of markets)");
                    }

                    if ((series.File is null) == (series.Points is null))
                    {
                        yield return (path + ".file", "give either a file or points");
                    }

                    for (var j = 0; series.Points is not null && j < series.Points.Count; j++)
                    {
                        var point = series.Points[j];
                        if (point.Count != 2 || !(point[1] > 0 && point[1] <= MaxWholePrice) || (j > 0 && (series.Points[j - 1].Count != 2 || point[0] < series.Points[j - 1][0])))
                        {
                            yield return ($"{path}.points[{j}]", "a point is [seconds, positive price up to 1e12] with non-decreasing seconds");
                        }
                    }
                }

                break;
            case "klines":
                foreach (var problem in KlineSeries(p, markets))
                {
                    yield return problem;
                }

                break;
            default:
                yield return ("$.priceProcess.kind", $"unknown price process {SafeText.Quote(p.Kind)} (gbm, jumpDiffusion, regimeSwitching, replay, klines)");
                break;
        }

        if (!(p.JumpIntensityPerYear >= 0 && p.JumpIntensityPerYear <= 1e6))
        {
            yield return ("$.priceProcess.jumpIntensityPerYear", "must be within [0, 1e6] jumps per year");
        }

        if (!(p.JumpStdDev >= 0 && p.JumpStdDev <= 5))
        {
            yield return ("$.priceProcess.jumpStdDev", "must be within [0, 5] (log size)");
        }

        if (!(Math.Abs(p.JumpMean) <= 5))
        {
            yield return ("$.priceProcess.jumpMean", "must be within [-5, 5] (log size)");
        }

        if (p.Correlation is { } c)
        {
            if (c.Count != markets.Count || c.Any(row => row.Count != markets.Count))
            {
                yield return ("$.priceProcess.correlation", $"must be a {markets.Count}×{markets.Count} matrix");
            }
            else if (CholeskyProblem(c) is { } problem)
            {
                yield return ("$.priceProcess.correlation", problem);
            }
        }

        if (p.Noise is { } noise && (!(noise.Volatility >= 0 && noise.Volatility <= MaxVolatility) || !(noise.MeanReversionSeconds > 0)))
        {
            yield return ("$.priceProcess.noise", "volatility must be within [0, 50] and meanReversionSeconds must be positive");
        }
    }

    private static IEnumerable<(string, string)> KlineSeries(PriceProcessSpec p, IReadOnlyList<MarketSpec> markets)
    {
        if (p.Series is null || p.Series.Count != markets.Count)
        {
            yield return ("$.priceProcess.series", "klines needs one series per market");
            yield break;
        }

        if (p.Noise is not null)
        {
            yield return ("$.priceProcess.noise", "klines lay their own path through each kline; noise applies to replay only");
        }

        for (var i = 0; i < p.Series.Count; i++)
        {
            var series = p.Series[i];
            var path = $"$.priceProcess.series[{i}]";
            if (series.Market != markets[i].Symbol)
            {
                yield return (path + ".market", $"expected {SafeText.Quote(markets[i].Symbol)} (series follow the order of markets)");
            }

            if (series.File is null || series.Points is not null)
            {
                yield return (path + ".file", "klines read a file (points belong to replay)");
            }

            if (series.From is { } from && FromTime(from) is null)
            {
                yield return (path + ".from", $"{SafeText.Quote(from)} is not an ISO 8601 time");
            }
        }
    }

    /// <summary>A series' <c>from</c> as Unix seconds, or null when it is not an ISO 8601 time.</summary>
    internal static double? FromTime(string text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUnixTimeMilliseconds() / 1000.0
            : null;

    private static string? CholeskyProblem(IReadOnlyList<IReadOnlyList<double>> c)
    {
        var matrix = new double[c.Count, c.Count];
        for (var i = 0; i < c.Count; i++)
        {
            for (var j = 0; j < c.Count; j++)
            {
                matrix[i, j] = c[i][j];
            }
        }

        try
        {
            Prices.CorrelatedNormals.Cholesky(matrix);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message.Split(" (Parameter")[0];
        }
    }

    private static IEnumerable<(string, string)> Liquidity(LiquiditySpec l, string path, int quoteDecimals, string kind)
    {
        if (l.FromVolume is { } v)
        {
            if (kind != "klines")
            {
                yield return (path + ".fromVolume", "calibrates from kline volume: needs priceProcess.kind klines");
            }

            if (!(v.OpenInterestToDailyVolume > 0 && v.OpenInterestToDailyVolume <= 100))
            {
                yield return (path + ".fromVolume.openInterestToDailyVolume", "must be above 0 and at most 100");
            }

            if (!(v.ImpactCoefficient > 0 && v.ImpactCoefficient <= 100))
            {
                yield return (path + ".fromVolume.impactCoefficient", "must be above 0 and at most 100");
            }
        }

        if (l.Levels is <= 0 or > 10_000)
        {
            yield return (path + ".levels", "must be within 1..10000");
        }

        if (!(l.LevelSpacingBps > 0) || l.LevelSpacingBps * l.Levels >= 10_000)
        {
            yield return (path + ".levelSpacingBps", "must be positive, and levels × spacing must stay under 100%");
        }

        if (!(l.NotionalPerLevel >= 0))
        {
            yield return (path + ".notionalPerLevel", "must not be negative");
        }
        else if (!FitsQuote(l.NotionalPerLevel, quoteDecimals))
        {
            yield return (path + ".notionalPerLevel", TooLarge(quoteDecimals));
        }

        if (!(l.GrowthPerLevel > -1 && l.GrowthPerLevel <= 10))
        {
            yield return (path + ".growthPerLevel", "must be above -1 and at most 10");
        }
        else if (l.Levels is > 0 and <= 10_000 && l.NotionalPerLevel >= 0
            && !FitsQuote(l.NotionalPerLevel * Math.Pow(1 + l.GrowthPerLevel, l.Levels), quoteDecimals))
        {
            yield return (path + ".growthPerLevel", "the deepest level's notional, notionalPerLevel × (1 + growth)^levels, " + TooLarge(quoteDecimals)[4..]);
        }

        if (l.RefillPerStep is < 0 or > 1 || double.IsNaN(l.RefillPerStep))
        {
            yield return (path + ".refillPerStep", "must be within [0, 1]");
        }

        if (l.ImpactPermanence is < 0 or > 1 || double.IsNaN(l.ImpactPermanence))
        {
            yield return (path + ".impactPermanence", "must be within [0, 1]");
        }

        if (l.ImpactHalfLifeSeconds is { } h && !(h > 0))
        {
            yield return (path + ".impactHalfLifeSeconds", "must be positive");
        }
    }
}
