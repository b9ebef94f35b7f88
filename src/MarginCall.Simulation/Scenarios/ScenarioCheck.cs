using System.Globalization;
using MarginCall.Core.Model;
using MarginCall.Simulation.Liquidity;
using MarginCall.Simulation.Population;
using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Randomness;
using MarginCall.Simulation.Running;

namespace MarginCall.Simulation.Scenarios;

/// <summary>
/// Everything a run needs checked before its first step, without running it: the scenario file (syntax, strictness,
/// schema, ranges), the run-size limits, the files it names (price series, population), the venue the engine builds
/// from it, the opening prices and the population's positions through the same ledger conversions the setup makes,
/// and the book depth. The CLI calls this before any work (and for <c>--check</c>); the fuzz tests call it too. A
/// problem is a <see cref="ScenarioException"/> naming file, line and field.
/// </summary>
public static class ScenarioCheck
{
    /// <summary>Loads and checks <paramref name="path"/>.</summary>
    /// <exception cref="ScenarioException">The first problem found.</exception>
    public static LoadedScenario Load(string path, RunLimits limits, ulong? seed = null)
    {
        var bytes = ScenarioLoader.ReadFile(path);
        var loaded = new LoadedScenario(ScenarioLoader.Parse(bytes, path), Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", path);
        Validate(loaded, bytes, limits, seed);
        return loaded;
    }

    /// <summary>Checks a parsed scenario; <paramref name="json"/> is its text (for line numbers).</summary>
    /// <exception cref="ScenarioException">The first problem found.</exception>
    public static void Validate(LoadedScenario loaded, ReadOnlySpan<byte> json, RunLimits limits, ulong? seed = null)
    {
        var s = loaded.Scenario;
        var name = loaded.FileName;
        var text = json.ToArray();
        ScenarioException Fail(string field, string problem)
        {
            var (line, column) = JsonLocator.Locate(text, field);
            return new ScenarioException(name, field, line, column, problem);
        }

        var steps = Math.Ceiling((s.DurationSeconds / s.StepSeconds) - 1e-9);
        if (!(steps <= limits.MaxSteps))
        {
            throw Fail("$.durationSeconds", Invariant($"durationSeconds / stepSeconds = {steps:0.###e+0} steps; at most {limits.MaxSteps:N0} {limits.Hint}"));
        }

        if (s.Population.File is null && s.Population.Count > limits.MaxAccounts)
        {
            throw Fail("$.population.count", Invariant($"{s.Population.Count:N0} accounts; at most {limits.MaxAccounts:N0} {limits.Hint}"));
        }

        Venue venue;
        try
        {
            venue = VenueFactory.Create(s);
        }
        catch (ModelValidationException e)
        {
            throw Fail("$.markets", e.Message);
        }

        PriceProcess process;
        try
        {
            process = PriceProcessFactory.Create(loaded, new Xoshiro256StarStar(seed ?? s.Seed, 2));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw Fail("$.priceProcess.series", "cannot read a series file: " + SafeText.Escape(e.Message, 200));
        }

        var prices = new double[s.Markets.Count];
        process.Initial(prices);
        var calibrations = MarketLiquidity.Calibrations(loaded);
        for (var m = 0; m < prices.Length; m++)
        {
            var market = venue.Market(new MarketId(m));
            if (!(prices[m] > 0 && prices[m] * Math.Pow(10, market.PriceDecimals) / market.TickSize <= 1e15))
            {
                throw Fail(s.PriceProcess.IsReplay ? $"$.priceProcess.series[{m}]" : $"$.markets[{m}].initialPrice", Invariant($"the opening price {prices[m]:G6} is not a positive price of at most 1e15 ticks"));
            }

            var spec = MarketLiquidity.Spec(s, m);
            var field = s.Markets[m].Liquidity is null ? "$.liquidity" : $"$.markets[{m}].liquidity";
            try
            {
                MarketLiquidity.Book(spec, calibrations[m], prices[m], market);
            }
            catch (ArgumentException e)
            {
                throw Fail(field, "the book depth does not fit the ledger: " + SafeText.Escape(e.Message.Split(" (Parameter")[0], 200));
            }
        }

        IEnumerable<PlannedAccount> plan;
        if (s.Population.File is { } file)
        {
            try
            {
                var accounts = PopulationCsv.Load(loaded.Resolve(file), [.. s.Markets.Select(m => m.Symbol)]);
                if (accounts.Count > limits.MaxAccounts)
                {
                    throw Fail("$.population.file", Invariant($"{accounts.Count:N0} accounts; at most {limits.MaxAccounts:N0} {limits.Hint}"));
                }

                plan = accounts;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw Fail("$.population.file", "cannot read the population file: " + SafeText.Escape(e.Message, 200));
            }
        }
        else
        {
            plan = PopulationGenerator.Enumerate(s.Population, s.Markets.Count, new Xoshiro256StarStar(seed ?? s.Seed, 1));
        }

        CheckPlan(plan, venue, prices, s, Fail);
    }

    // The conversions of AccountOpening and the setup's deposits (market maker, keeper), made here so a draw beyond
    // the ledger is refused before the run rather than thrown from inside it.
    private static void CheckPlan(IEnumerable<PlannedAccount> plan, Venue venue, double[] prices, Scenario s, Func<string, string, ScenarioException> fail)
    {
        var decimals = s.Quote.Decimals;
        var total = 0.0;
        foreach (var account in plan)
        {
            foreach (var p in account.Positions)
            {
                var field = s.Population.File is null ? "$.population.notional" : "$.population.file";
                if (!(double.IsFinite(p.Notional) && p.Notional >= 0))
                {
                    throw fail(field, Invariant($"a drawn notional ({p.Notional:G6}) is not a finite non-negative amount"));
                }

                if (!(double.IsFinite(p.Leverage) && p.Leverage > 0))
                {
                    throw fail(s.Population.File is null ? "$.population.leverage" : "$.population.file", Invariant($"a drawn leverage ({p.Leverage:G6}) is not positive and finite"));
                }

                var market = venue.Market(new MarketId(p.Market));
                if (!Fits(p.Notional / prices[p.Market], market.SizeDecimals, market.StepSize) || !Fits(p.Notional / p.Leverage, decimals, 1))
                {
                    throw fail(field, Invariant($"a drawn position ({p.Notional:G6} notional at {p.Leverage:G6}x) is beyond the ledger's 64-bit range"));
                }

                total += p.Notional;
            }
        }

        if (!Fits((2 * total) + 1_000_000, decimals, 1))
        {
            throw fail(s.Population.File is null ? "$.population" : "$.population.file", Invariant($"the population's total notional ({total:G6}) is beyond the ledger's 64-bit range"));
        }
    }

    // Room for the sums the run makes (fees, the fund, the book) on top of a single amount.
    private static bool Fits(double amount, int decimals, long step) => amount * Math.Pow(10, decimals) / step <= 1e17;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
