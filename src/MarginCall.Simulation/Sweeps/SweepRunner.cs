using System.Text.Json;
using MarginCall.Simulation.Reporting;
using MarginCall.Simulation.Running;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Sweeps;

/// <summary>
/// The API behind <c>margincall sweep</c>: runs every (parameter set, path) pair in parallel on all cores — each run its
/// own engine, process and book, sharing nothing mutable — and aggregates per set. Results are stored by index, so the
/// output does not depend on scheduling: the same sweep gives the same files on any number of cores.
/// </summary>
public static class SweepRunner
{
    /// <summary>Loads a sweep file.</summary>
    /// <exception cref="ScenarioException">The sweep file or its scenario is malformed.</exception>
    public static (SweepSpec Spec, string Folder) Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        SweepSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<SweepSpec>(bytes, ScenarioLoader.Options);
        }
        catch (JsonException e)
        {
            throw new ScenarioException(path, e.Path ?? "$", (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, e.Message.Split(" Path: ")[0], e);
        }

        if (spec is null || spec.ParameterSets.Count == 0 || spec.Paths <= 0 || string.IsNullOrEmpty(spec.Scenario))
        {
            var field = spec is null ? "$" : string.IsNullOrEmpty(spec.Scenario) ? "$.scenario" : spec.Paths <= 0 ? "$.paths" : "$.parameterSets";
            var (line, column) = JsonLocator.Locate(bytes, field);
            throw new ScenarioException(path, field, line, column, "a sweep needs a scenario, paths > 0 and at least one parameter set");
        }

        if (spec.Baseline is { } baseline && !spec.ParameterSets.Any(set => set.Name == baseline))
        {
            var (line, column) = JsonLocator.Locate(bytes, "$.baseline");
            throw new ScenarioException(path, "$.baseline", line, column, $"baseline '{baseline}' names no parameter set");
        }

        return (spec, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
    }

    /// <summary>Runs the sweep.</summary>
    /// <param name="spec">The sweep.</param>
    /// <param name="folder">Folder the scenario path resolves against.</param>
    /// <param name="maxParallelism">Concurrent runs (default: every core).</param>
    /// <param name="progress">Called with (runs done, total runs) from worker threads.</param>
    /// <exception cref="ScenarioException">The scenario, or a set's merged scenario, is invalid.</exception>
    public static SweepResult Run(SweepSpec spec, string folder, int? maxParallelism = null, Action<int, int>? progress = null)
    {
        var scenarioPath = Path.IsPathRooted(spec.Scenario) ? spec.Scenario : Path.Combine(folder, spec.Scenario);
        var bytes = File.ReadAllBytes(scenarioPath);
        var scenarioFolder = Path.GetDirectoryName(Path.GetFullPath(scenarioPath)) ?? ".";
        var sets = spec.ParameterSets.Select(set =>
        {
            var overrides = new System.Text.Json.Nodes.JsonObject();
            Merge(overrides, spec.Overrides);
            Merge(overrides, set.Set);
            var scenario = ScenarioLoader.ParseWithOverrides(bytes, overrides, $"{scenarioPath} [{set.Name}]");
            return new LoadedScenario(scenario, scenarioFolder, scenarioPath);
        }).ToArray();

        var total = sets.Length * spec.Paths;
        var summaries = new RunSummary[total];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism ?? Environment.ProcessorCount };
        Parallel.For(0, total, options, index =>
        {
            var set = index / spec.Paths;
            var path = index % spec.Paths;
            var run = new SimulationRun(sets[set], new RunOptions { Seed = spec.FirstSeed + (ulong)path, KeepTimeline = false });
            summaries[index] = run.Run().Summary;
            var finished = Interlocked.Increment(ref done);
            progress?.Invoke(finished, total);
        });

        var results = new SetResult[sets.Length];
        for (var s = 0; s < sets.Length; s++)
        {
            var runs = summaries.AsSpan(s * spec.Paths, spec.Paths).ToArray();
            results[s] = new SetResult(
                spec.ParameterSets[s].Name,
                TailStatistics.Of([.. runs.Select(r => r.BadDebt)]),
                TailStatistics.Of([.. runs.Select(r => r.PeakBadDebt)]),
                TailStatistics.Of([.. runs.Select(r => r.InsuranceFund.MaxDrawdown)]),
                TailStatistics.Of([.. runs.Select(r => r.LiquidatedNotional)]),
                TailStatistics.Of([.. runs.Select(r => r.SlippagePaid)]),
                TailStatistics.Of([.. runs.Select(r => (double)r.MaxCascadeDepth)]),
                TailStatistics.Of([.. runs.Select(r => (double)r.AccountsBankrupt)]),
                TailStatistics.Of([.. runs.Select(r => (double)r.AccountsSavedByPartialLiquidation)]),
                runs)
            {
                Overrides = spec.ParameterSets[s].Set,
                SocializedLoss = TailStatistics.Of([.. runs.Select(r => r.SocializedLoss)]),
                KeeperPnl = TailStatistics.Of([.. runs.Select(r => r.KeeperPnl)]),
            };
        }

        var common = new System.Text.Json.Nodes.JsonObject();
        Merge(common, spec.Overrides);
        var baseScenario = ScenarioLoader.ParseWithOverrides(bytes, common, scenarioPath);
        var result = new SweepResult(spec.Name, sets[0].Scenario.Name, spec.Paths, spec.FirstSeed, results)
        {
            Baseline = spec.Baseline is { } name ? spec.ParameterSets.ToList().FindIndex(set => set.Name == name) : 0,
            Quote = baseScenario.Quote.Symbol,
            Description = baseScenario.Description,
            Source = baseScenario.Source,
            Parameters = ScenarioParameters.Of(baseScenario),
        };
        return result with { Comparison = PairedComparison.Of(result, result.Baseline) };
    }

    /// <summary>Writes <c>sweep.csv</c>, <c>sweep.json</c>, <c>sweep-runs.csv</c> and <c>sweep.html</c>; returns their paths.</summary>
    public static IReadOnlyList<string> WriteOutputs(SweepResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        var csv = Path.Combine(folder, "sweep.csv");
        File.WriteAllText(csv, SweepReport.ComparisonCsv(result));
        var runs = Path.Combine(folder, "sweep-runs.csv");
        File.WriteAllText(runs, SweepReport.RunsCsv(result));
        var json = Path.Combine(folder, "sweep.json");
        File.WriteAllText(json, ReportJson.Serialize(new
        {
            result.Name,
            result.Scenario,
            result.Paths,
            result.FirstSeed,
            Sets = result.Sets.Select(s => new
            {
                s.Name,
                s.BadDebt,
                s.PeakBadDebt,
                s.InsuranceFundDrawdown,
                s.LiquidatedNotional,
                s.SlippagePaid,
                s.CascadeDepth,
                s.AccountsBankrupt,
                s.AccountsSaved,
                s.SocializedLoss,
                s.KeeperPnl,
                s.Overrides,
            }),
            Baseline = result.Sets[result.Baseline].Name,
            result.Quote,
            result.Description,
            result.Source,
            result.Parameters,
            result.Comparison,
        }));
        var paired = Path.Combine(folder, "sweep-paired.csv");
        File.WriteAllText(paired, SweepReport.PairedCsv(result));
        var html = Path.Combine(folder, "sweep.html");
        File.WriteAllText(html, SweepReport.Html(result));
        return [csv, runs, paired, json, html];
    }

    private static void Merge(System.Text.Json.Nodes.JsonObject target, System.Text.Json.Nodes.JsonObject? source)
    {
        if (source is null)
        {
            return;
        }

        foreach (var (key, value) in source)
        {
            if (value is System.Text.Json.Nodes.JsonObject child && target[key] is System.Text.Json.Nodes.JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
