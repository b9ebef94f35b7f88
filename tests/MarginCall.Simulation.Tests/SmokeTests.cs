using MarginCall.Simulation.Running;
using MarginCall.Simulation.Reporting;

namespace MarginCall.Simulation.Tests;

public class SmokeTests
{
    [Fact]
    public void Flash_crash_runs()
    {
        var result = SimulationRunner.Run(ScenarioFiles.Bundled("flash-crash.json"));
        var json = ReportJson.Serialize(result.Summary);
        File.WriteAllText("/tmp/flash-summary.json", json);
        SimulationRunner.WriteOutputs(result, "/tmp/flash-out");
        Assert.True(result.Summary.Setup.PositionsOpened > 0, json);
    }
}
