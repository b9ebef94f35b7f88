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
    public static (SweepSpec Spec, string Folder) Load(string path) =>
        (Parse(ScenarioLoader.ReadFile(path), path), Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");

    /// <summary>Parses and checks sweep JSON; <paramref name="path"/> labels errors.</summary>
    /// <exception cref="ScenarioException">The sweep file is malformed.</exception>
    public static SweepSpec Parse(byte[] bytes, string path)
    {
        SweepSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<SweepSpec>(bytes, ScenarioLoader.Options);
        }
        catch (JsonException e)
        {
            throw new ScenarioException(path, e.Path ?? "$", (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, ScenarioLoader.Clean(e.Message), e);
        }

        // Null is refused but inside overrides, where it removes a scenario field (merge patch).
        ScenarioLoader.CheckStrict(bytes, path, at => at.StartsWith("$.overrides.", StringComparison.Ordinal)
            || (at.StartsWith("$.parameterSets[", StringComparison.Ordinal) && at.Contains("].set.", StringComparison.Ordinal)));

        if (spec is null || spec.ParameterSets.Count == 0 || spec.Paths <= 0 || string.IsNullOrEmpty(spec.Scenario))
        {
            var field = spec is null ? "$" : string.IsNullOrEmpty(spec.Scenario) ? "$.scenario" : spec.Paths <= 0 ? "$.paths" : "$.parameterSets";
            var (line, column) = JsonLocator.Locate(bytes, field);
            throw new ScenarioException(path, field, line, column, "a sweep needs a scenario, paths > 0 and at least one parameter set");
        }

        if (spec.Baseline is { } baseline && !spec.ParameterSets.Any(set => set.Name == baseline))
        {
            var (line, column) = JsonLocator.Locate(bytes, "$.baseline");
            throw new ScenarioException(path, "$.baseline", line, column, $"baseline {SafeText.Quote(baseline)} names no parameter set");
        }

        return spec;
    }

    /// <summary>
    /// Reads the sweep's scenario and checks every parameter set's merged scenario (<see cref="ScenarioCheck"/>) and the
    /// sweep's size against <paramref name="limits"/>, before any run.
    /// </summary>
    /// <exception cref="ScenarioException">The first problem found.</exception>
    public static LoadedScenario[] Prepare(SweepSpec spec, string folder, RunLimits limits, string? sweepFile = null, byte[]? sweepText = null)
    {
        var runs = (long)spec.ParameterSets.Count * spec.Paths;
        if (runs > limits.MaxRuns && sweepFile is not null)
        {
            var (line, column) = JsonLocator.Locate(sweepText ?? ScenarioLoader.ReadFile(sweepFile), "$.paths");
            throw new ScenarioException(sweepFile, "$.paths", line, column, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{spec.ParameterSets.Count} sets × {spec.Paths} paths = {runs:N0} runs; at most {limits.MaxRuns:N0} {limits.Hint}"));
        }

        if (runs > limits.MaxRuns)
        {
            throw new ScenarioException(sweepFile ?? spec.Name, "$.paths", null, null, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{runs:N0} runs; at most {limits.MaxRuns:N0} {limits.Hint}"));
        }

        var scenarioPath = ScenarioPath(spec, folder, sweepFile, sweepText);
        var bytes = ScenarioLoader.ReadFile(scenarioPath, "$.scenario");
        var scenarioFolder = Path.GetDirectoryName(Path.GetFullPath(scenarioPath)) ?? ".";
        var result = new LoadedScenario[spec.ParameterSets.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var set = spec.ParameterSets[i];
            var overrides = new System.Text.Json.Nodes.JsonObject();
            Merge(overrides, spec.Overrides);
            Merge(overrides, set.Set);
            var label = $"{scenarioPath} [{SafeText.Escape(set.Name, 40)}]";
            try
            {
                var scenario = ScenarioLoader.ParseWithOverrides(bytes, overrides, label);
                var loaded = new LoadedScenario(scenario, scenarioFolder, scenarioPath);
                ScenarioCheck.Validate(loaded, bytes, limits);
                result[i] = loaded;
            }
            catch (ScenarioException e) when (sweepFile is not null && e.Field.StartsWith('$'))
            {
                throw Relocate(e, i, sweepFile, sweepText ?? ScenarioLoader.ReadFile(sweepFile), scenarioPath, bytes);
            }
        }

        return result;
    }

    /// <summary>
    /// The sweep's scenario file, confined like the outputs: a relative path to a <c>.json</c> file that resolves inside
    /// the sweep file's folder (or below it) and exists. A sweep file is input, so its <c>scenario</c> must not reach
    /// an arbitrary file of the machine (<c>/etc/passwd</c>, <c>../../x</c>), which would then be parsed and quoted in
    /// the refusal; the check is on the resolved full path, so <c>sub/../../x</c> is refused too.
    /// </summary>
    /// <exception cref="ScenarioException">The path is rooted, escapes the folder, is not a .json file, or is missing.</exception>
    public static string ScenarioPath(SweepSpec spec, string folder, string? sweepFile = null, byte[]? sweepText = null)
    {
        ScenarioException Refuse(string problem)
        {
            if (sweepFile is null)
            {
                return new ScenarioException(spec.Name, "$.scenario", null, null, problem);
            }

            var (line, column) = JsonLocator.Locate(sweepText ?? ScenarioLoader.ReadFile(sweepFile), "$.scenario");
            return new ScenarioException(sweepFile, "$.scenario", line, column, problem);
        }

        var quoted = SafeText.Quote(spec.Scenario);
        if (spec.Scenario.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(spec.Scenario))
        {
            throw Refuse($"{quoted} must be a path relative to the sweep file's folder");
        }

        var root = Path.GetFullPath(folder);
        var full = Path.GetFullPath(Path.Combine(root, spec.Scenario));
        if (!full.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw Refuse($"{quoted} leaves the sweep file's folder; put the scenario beside the sweep file or below it");
        }

        if (!full.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            throw Refuse($"{quoted} is not a .json scenario file");
        }

        if (!File.Exists(full))
        {
            throw Refuse($"no such scenario file {quoted}");
        }

        return Path.Combine(folder, spec.Scenario);
    }

    /// <summary>
    /// A problem of a set's merged scenario, pointed at the text that holds the offending value: the set's own
    /// override, the sweep's common override, or else the scenario file (its line numbers, not the merged text's).
    /// </summary>
    private static ScenarioException Relocate(ScenarioException e, int set, string sweepFile, byte[] sweepText, string scenarioPath, byte[] scenarioText)
    {
        var field = e.Field;
        foreach (var root in new[] { $"$.parameterSets[{set}].set", "$.overrides" })
        {
            for (var path = field; path.Length > 1; path = Parent(path))
            {
                if (JsonLocator.TryLocate(sweepText, root + path[1..]) is { } at)
                {
                    return new ScenarioException(sweepFile, root + field[1..], at.Line, at.Column, e.Problem, e);
                }
            }
        }

        var (line, column) = JsonLocator.Locate(scenarioText, field);
        return new ScenarioException(scenarioPath, field, line, column, e.Problem + $" (parameter set {set})", e);
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "$" : path[..cut];
    }

    /// <summary>Runs the sweep (its scenarios checked with the <see cref="RunLimits.Large"/> ceilings).</summary>
    /// <param name="spec">The sweep.</param>
    /// <param name="folder">Folder the scenario path resolves against.</param>
    /// <param name="maxParallelism">Concurrent runs (default: every core).</param>
    /// <param name="progress">Called with (runs done, total runs) from worker threads.</param>
    /// <exception cref="ScenarioException">The scenario, or a set's merged scenario, is invalid.</exception>
    public static SweepResult Run(SweepSpec spec, string folder, int? maxParallelism = null, Action<int, int>? progress = null) =>
        Run(spec, Prepare(spec, folder, RunLimits.Large), maxParallelism, progress);

    /// <summary>Runs the sweep over scenarios <see cref="Prepare"/> checked.</summary>
    /// <param name="spec">The sweep.</param>
    /// <param name="sets">One checked scenario per parameter set, in order.</param>
    /// <param name="maxParallelism">Concurrent runs (default: every core).</param>
    /// <param name="progress">Called with (runs done, total runs) from worker threads.</param>
    /// <param name="cancellation">Stops starting new runs.</param>
    public static SweepResult Run(SweepSpec spec, LoadedScenario[] sets, int? maxParallelism, Action<int, int>? progress, CancellationToken cancellation = default)
    {
        var total = sets.Length * spec.Paths;
        var summaries = new RunSummary[total];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism ?? Environment.ProcessorCount, CancellationToken = cancellation };
        try
        {
            Parallel.For(0, total, options, index =>
            {
                var set = index / spec.Paths;
                var path = index % spec.Paths;
                var run = new SimulationRun(sets[set], new RunOptions { Seed = spec.FirstSeed + (ulong)path, KeepTimeline = false });
                summaries[index] = run.Run().Summary;
                var finished = Interlocked.Increment(ref done);
                progress?.Invoke(finished, total);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // One run's failure is the sweep's: rethrow the first as itself (a refused value stays a refused value).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }

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

        var scenarioPath = sets[0].FileName; // Prepare names each set's LoadedScenario after the scenario file
        var bytes = ScenarioLoader.ReadFile(scenarioPath);
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

    /// <summary>Writes <c>sweep.csv</c>, <c>sweep-runs.csv</c>, <c>sweep-paired.csv</c>, <c>sweep.json</c> and <c>sweep.html</c>; returns their paths.</summary>
    public static IReadOnlyList<string> WriteOutputs(SweepResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        var csv = Path.Combine(folder, "sweep.csv");
        File.WriteAllText(csv, SweepReport.ComparisonCsv(result));
        var runs = Path.Combine(folder, "sweep-runs.csv");
        File.WriteAllText(runs, SweepReport.RunsCsv(result));
        var json = Path.Combine(folder, "sweep.json");
        File.WriteAllText(json, SummaryJson(result));
        var paired = Path.Combine(folder, "sweep-paired.csv");
        File.WriteAllText(paired, SweepReport.PairedCsv(result));
        var html = Path.Combine(folder, "sweep.html");
        File.WriteAllText(html, SweepReport.Html(result));
        return [csv, runs, paired, json, html];
    }

    /// <summary>The text of <c>sweep.json</c>: the per-set tail statistics.</summary>
    public static string SummaryJson(SweepResult result) => ReportJson.Serialize(new
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
    });

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
