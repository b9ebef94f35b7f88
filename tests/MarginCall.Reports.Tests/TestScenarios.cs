using System.Text.Json.Nodes;
using MarginCall.Simulation.Scenarios;
using MarginCall.Simulation.Sweeps;

namespace MarginCall.Reports.Tests;

/// <summary>The repository's bundled scenarios, shrunk for tests, and small sweeps over them.</summary>
internal static class TestScenarios
{
    public static string Bundled(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "scenarios")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("scenarios/ not found above the test binaries"), "scenarios", name);
    }

    public static LoadedScenario Small(string bundled, string overridesJson)
    {
        var path = Bundled(bundled);
        var scenario = ScenarioLoader.ParseWithOverrides(File.ReadAllBytes(path), (JsonObject)JsonNode.Parse(overridesJson)!, path);
        return new LoadedScenario(scenario, Path.GetDirectoryName(path)!, path);
    }

    /// <summary>Runs a sweep of <paramref name="bundled"/> with common <paramref name="overrides"/> and two sets: baseline and changed.</summary>
    public static SweepResult Sweep(string bundled, int paths, string overrides, string changed, string baseline = "{}")
    {
        // The sweep's scenario resolves inside the sweep's folder, here the bundled scenarios/.
        var spec = SweepRunner.Parse(System.Text.Encoding.UTF8.GetBytes($$"""
            { "name": "sanity", "scenario": "{{bundled}}", "paths": {{paths}}, "overrides": {{overrides}},
              "parameterSets": [ { "name": "baseline", "set": {{baseline}} }, { "name": "changed", "set": {{changed}} } ] }
            """), "sanity.json");
        return SweepRunner.Run(spec, Path.GetDirectoryName(Bundled(bundled))!);
    }

    public static string Temporary(string text, string extension = ".json")
    {
        var path = Path.Combine(Path.GetTempPath(), "margincall-reports-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllText(path, text);
        return path;
    }
}
