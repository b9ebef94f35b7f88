namespace MarginCall.Simulation.Tests;

/// <summary>Locates the repository's scenarios/ folder and writes temporary scenario files.</summary>
internal static class ScenarioFiles
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

    public static string Temporary(string json, string extension = ".json")
    {
        var path = Path.Combine(Path.GetTempPath(), "margincall-sim-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllText(path, json);
        return path;
    }
}
