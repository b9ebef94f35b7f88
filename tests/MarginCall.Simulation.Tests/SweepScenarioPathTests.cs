using MarginCall.Simulation.Scenarios;
using MarginCall.Simulation.Sweeps;

namespace MarginCall.Simulation.Tests;

/// <summary>
/// A sweep file's <c>scenario</c> is input: it must name a .json file inside the sweep file's folder (or below it), and
/// anything else is refused before any file outside is read, naming the sweep file, its line and <c>$.scenario</c>.
/// </summary>
public sealed class SweepScenarioPathTests : IDisposable
{
    private const string Scenario = """
        {
          "name": "t",
          "durationSeconds": 60,
          "markets": [ { "symbol": "BTC-USD", "initialPrice": 50000, "tiers": [ { "initialRate": 0.05, "maintenanceRate": 0.03 } ] } ],
          "population": { "count": 10 },
          "priceProcess": { "kind": "gbm", "volatility": 0.8 }
        }
        """;

    // root/sweeps holds the sweep file and sub/ok.json; root/other/x.json and root/sweeps/notes.txt sit where a sweep may not reach.
    private readonly string root = Path.Combine(Path.GetTempPath(), "margincall-sweep-path-" + Guid.NewGuid().ToString("N"));

    public SweepScenarioPathTests()
    {
        Directory.CreateDirectory(Path.Combine(root, "sweeps", "sub"));
        Directory.CreateDirectory(Path.Combine(root, "other"));
        File.WriteAllText(Path.Combine(root, "sweeps", "sub", "ok.json"), Scenario);
        File.WriteAllText(Path.Combine(root, "other", "x.json"), Scenario);
        File.WriteAllText(Path.Combine(root, "sweeps", "notes.txt"), Scenario);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void A_scenario_below_the_sweep_files_folder_is_accepted()
    {
        var sets = Prepare("sub/ok.json");

        Assert.Single(sets);
        Assert.Equal(Path.Combine(root, "sweeps", "sub", "ok.json"), Path.GetFullPath(sets[0].FileName));
    }

    [Theory]
    [InlineData("../other/x.json", "'../other/x.json' leaves the sweep file's folder")]
    [InlineData("sub/../../other/x.json", "'sub/../../other/x.json' leaves the sweep file's folder")]
    [InlineData("/etc/passwd", "'/etc/passwd' must be a path relative to the sweep file's folder")]
    [InlineData("notes.txt", "'notes.txt' is not a .json scenario file")]
    [InlineData("sub/missing.json", "no such scenario file 'sub/missing.json'")]
    [InlineData("sub", "'sub' is not a .json scenario file")]
    public void A_scenario_path_outside_the_folder_or_not_a_scenario_is_refused_naming_the_field(string scenario, string problem)
    {
        var e = Assert.Throws<ScenarioException>(() => Prepare(scenario));

        Assert.Equal("$.scenario", e.Field);
        Assert.Equal(3, e.Line);
        Assert.StartsWith(problem, e.Problem, StringComparison.Ordinal);
        Assert.EndsWith("s.json", e.File, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absolute_path_to_the_very_file_inside_the_folder_is_refused_too()
    {
        // Rooted paths are refused outright: whether one is inside depends on where the sweep file is read from.
        var e = Assert.Throws<ScenarioException>(() => Prepare(Path.Combine(root, "sweeps", "sub", "ok.json")));

        Assert.EndsWith("must be a path relative to the sweep file's folder", e.Problem, StringComparison.Ordinal);
    }

    private LoadedScenario[] Prepare(string scenario)
    {
        var sweepFile = Path.Combine(root, "sweeps", "s.json");
        var escaped = scenario.Replace("\\", "\\\\", StringComparison.Ordinal);
        File.WriteAllText(sweepFile, $$"""
            {
              "name": "s",
              "scenario": "{{escaped}}",
              "paths": 2,
              "parameterSets": [ { "name": "a" } ]
            }
            """);
        var (spec, folder) = SweepRunner.Load(sweepFile);
        return SweepRunner.Prepare(spec, folder, RunLimits.Default, sweepFile);
    }
}
