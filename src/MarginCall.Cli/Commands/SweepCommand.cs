using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MarginCall.Simulation.Running;
using MarginCall.Simulation.Scenarios;
using MarginCall.Simulation.Sweeps;

namespace MarginCall.Cli.Commands;

/// <summary>
/// <c>margincall sweep SWEEP.json [--out DIR] [--paths N] [--parallelism N]</c>: runs many seeds × parameter sets in
/// parallel and writes the comparison table (sweep.csv, sweep.json, sweep-runs.csv, sweep.html).
/// </summary>
internal static class SweepCommand
{
    /// <summary>The command, for the root command to register.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("sweep") { Description = "Sweep JSON (schema: docs/simulate.md)" };
        var output = new Option<string>("--out") { Description = "Output folder (default: out/sweep/<sweep name>)" };
        var paths = new Option<int?>("--paths") { Description = "Paths per parameter set (overrides the file)" };
        var parallelism = new Option<int?>("--parallelism") { Description = "Concurrent runs (default: every core)" };
        var command = new Command("sweep", "Run seeds × parameter sets in parallel and compare bad debt, cascades and slippage") { file, output, paths, parallelism };
        command.SetAction(parse => Execute(
            parse.GetValue(file)!,
            parse.GetValue(output),
            parse.GetValue(paths),
            parse.GetValue(parallelism),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Execute(string path, string? outputFolder, int? paths, int? parallelism, TextWriter output, TextWriter error)
    {
        var clock = Stopwatch.StartNew();
        SweepResult result;
        try
        {
            var (spec, folder) = SweepRunner.Load(path);
            if (paths is { } n)
            {
                spec = spec with { Paths = n };
            }

            result = TerminalProgress.Run(spec.Name, progress => SweepRunner.Run(spec, folder, parallelism, progress));
        }
        catch (ScenarioException e)
        {
            error.WriteLine($"error: {e.Message}");
            return SimulateCommand.BadInput;
        }
        catch (IOException e)
        {
            error.WriteLine($"error: {e.Message}");
            return SimulateCommand.BadInput;
        }

        var elapsed = clock.Elapsed;
        var files = SweepRunner.WriteOutputs(result, outputFolder ?? Path.Combine("out", "sweep", result.Name));
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"{result.Name}: {result.Sets.Count} sets x {result.Paths} paths of {result.Scenario}, {elapsed.TotalSeconds:0.00} s wall clock"));
        foreach (var s in result.Sets)
        {
            output.WriteLine(string.Create(inv, $"  {s.Name}: bad debt mean {s.BadDebt.Mean:0.##}, p95 {s.BadDebt.P95:0.##}, p99 {s.BadDebt.P99:0.##}, ES99 {s.BadDebt.ExpectedShortfall99:0.##}; fund drawdown mean {s.InsuranceFundDrawdown.Mean:0.##}, p99 {s.InsuranceFundDrawdown.P99:0.##}; cascade depth mean {s.CascadeDepth.Mean:0.##}, max {s.CascadeDepth.Max:0}"));
        }

        foreach (var f in files)
        {
            output.WriteLine($"  wrote {f}");
        }

        return 0;
    }
}
