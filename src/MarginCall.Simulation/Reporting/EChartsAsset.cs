using System.Reflection;

namespace MarginCall.Simulation.Reporting;

/// <summary>
/// The vendored Apache ECharts build (npm package <c>echarts</c>, <c>dist/echarts.common.min.js</c>: line, bar and
/// scatter charts with tooltip, legend and data zoom) and its licence files, embedded in this assembly so a report can
/// inline them and open offline. Upgrade: replace the files under Reporting/Vendor/echarts/ from the npm tarball and
/// update VERSION.
/// </summary>
public static class EChartsAsset
{
    private static readonly Lazy<string> ScriptText = new(() => Read("echarts.common.min.js"));
    private static readonly Lazy<string> LicenceText = new(() =>
        Read("NOTICE").TrimEnd() + "\n\n" + Read("LICENSE").TrimEnd() + "\n\n--- licenses/LICENSE-d3 ---\n" + Read("LICENSE-d3").TrimEnd() + "\n");

    /// <summary>The minified library.</summary>
    public static string Script => ScriptText.Value;

    /// <summary>NOTICE, the Apache License 2.0 and the bundled third-party licence, as shipped in the package.</summary>
    public static string Licence => LicenceText.Value;

    /// <summary>The vendored version.</summary>
    public static string Version { get; } = Read("VERSION").Trim();

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("MarginCall.Reporting.Vendor.echarts." + name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
