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

        if (!(s.Keeper.MinProfit >= 0))
        {
            yield return ("$.keeper.minProfit", "must not be negative");
        }

        if (s.Quote.Decimals is < 0 or > 18)
        {
            yield return ("$.quote.decimals", "must be 0..18");
        }

        if (s.Markets.Count == 0)
        {
            yield return ("$.markets", "at least one market is required");
        }

        for (var i = 0; i < s.Markets.Count; i++)
        {
            foreach (var problem in Market(s.Markets[i], $"$.markets[{i}]", s.PriceProcess.Kind == "replay"))
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

        foreach (var problem in Liquidity(s.Liquidity, "$.liquidity"))
        {
            yield return problem;
        }
    }

    private static IEnumerable<(string, string)> Market(MarketSpec m, string path, bool replay)
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

        if (m.TickSize <= 0)
        {
            yield return (path + ".tickSize", "must be positive");
        }

        if (m.StepSize <= 0)
        {
            yield return (path + ".stepSize", "must be positive");
        }

        if (!replay && !(m.InitialPrice > 0))
        {
            yield return (path + ".initialPrice", "must be positive");
        }

        if (!(m.VolatilityScale >= 0))
        {
            yield return (path + ".volatilityScale", "must not be negative");
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
        }

        if (m.Liquidity is not null)
        {
            foreach (var problem in Liquidity(m.Liquidity, path + ".liquidity"))
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

        if (p.PositionsPerAccount.Kind == "fixed" && p.PositionsPerAccount.Value > marketCount)
        {
            yield return ("$.population.positionsPerAccount.value", $"an account holds at most one position per market ({marketCount})");
        }
    }

    private static (string Field, string Message)? Check(Distribution d) => d.Validate();

    private static IEnumerable<(string, string)> Process(PriceProcessSpec p, IReadOnlyList<MarketSpec> markets)
    {
        switch (p.Kind)
        {
            case "gbm":
            case "jumpDiffusion":
                if (!(p.Volatility >= 0))
                {
                    yield return ("$.priceProcess.volatility", "must not be negative");
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
                    if (!(p.Regimes[i].Volatility >= 0))
                    {
                        yield return ($"$.priceProcess.regimes[{i}].volatility", "must not be negative");
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
                        yield return (path + ".market", $"expected '{markets[i].Symbol}' (series follow the order of markets)");
                    }

                    if ((series.File is null) == (series.Points is null))
                    {
                        yield return (path + ".file", "give either a file or points");
                    }

                    for (var j = 0; series.Points is not null && j < series.Points.Count; j++)
                    {
                        var point = series.Points[j];
                        if (point.Count != 2 || !(point[1] > 0) || (j > 0 && point[0] < series.Points[j - 1][0]))
                        {
                            yield return ($"{path}.points[{j}]", "a point is [seconds, positive price] with non-decreasing seconds");
                        }
                    }
                }

                break;
            default:
                yield return ("$.priceProcess.kind", $"unknown price process '{p.Kind}' (gbm, jumpDiffusion, regimeSwitching, replay)");
                break;
        }

        if (p.JumpIntensityPerYear < 0 || p.JumpStdDev < 0)
        {
            yield return ("$.priceProcess.jumpIntensityPerYear", "jump intensity and jump standard deviation must not be negative");
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

        if (p.Noise is { } noise && (!(noise.Volatility >= 0) || !(noise.MeanReversionSeconds > 0)))
        {
            yield return ("$.priceProcess.noise", "volatility must not be negative and meanReversionSeconds must be positive");
        }
    }

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

    private static IEnumerable<(string, string)> Liquidity(LiquiditySpec l, string path)
    {
        if (l.Levels <= 0)
        {
            yield return (path + ".levels", "must be positive");
        }

        if (!(l.LevelSpacingBps > 0) || l.LevelSpacingBps * l.Levels >= 10_000)
        {
            yield return (path + ".levelSpacingBps", "must be positive, and levels × spacing must stay under 100%");
        }

        if (!(l.NotionalPerLevel >= 0))
        {
            yield return (path + ".notionalPerLevel", "must not be negative");
        }

        if (!(l.GrowthPerLevel > -1))
        {
            yield return (path + ".growthPerLevel", "must be above -1");
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
