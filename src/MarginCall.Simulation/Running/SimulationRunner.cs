using MarginCall.Simulation.Reporting;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Running;

/// <summary>
/// The API behind <c>margincall simulate</c>: load a scenario, run it, write <c>timeline.csv</c>, <c>summary.json</c>
/// and <c>report.html</c> into an output folder.
/// </summary>
public static class SimulationRunner
{
    /// <summary>Loads and runs <paramref name="scenarioPath"/>.</summary>
    /// <exception cref="ScenarioException">The scenario or a file it names is malformed.</exception>
    public static RunResult Run(string scenarioPath, RunOptions? options = null) =>
        new SimulationRun(ScenarioLoader.Load(scenarioPath), options).Run();

    /// <summary>Writes the three output files into <paramref name="folder"/> (created if needed); returns their paths.</summary>
    public static IReadOnlyList<string> WriteOutputs(RunResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        var timeline = Path.Combine(folder, "timeline.csv");
        using (var writer = new StreamWriter(timeline))
        {
            TimelineCsv.Write(result, writer);
        }

        var summary = Path.Combine(folder, "summary.json");
        File.WriteAllText(summary, ReportJson.Serialize(result.Summary));
        var report = Path.Combine(folder, "report.html");
        File.WriteAllText(report, HtmlReport.Render(result));
        return [timeline, summary, report];
    }
}
