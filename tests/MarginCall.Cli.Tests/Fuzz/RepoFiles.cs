namespace MarginCall.Cli.Tests.Fuzz;

/// <summary>The repository's bundled inputs, found by walking up from the test binaries to the folder holding scenarios/.</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Scenario(string name) => Path.Combine(Root, "scenarios", name);

    public static string Example(string name) => Path.Combine(Root, "examples", name);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "scenarios")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("scenarios/ not found above the test binaries");
    }
}
