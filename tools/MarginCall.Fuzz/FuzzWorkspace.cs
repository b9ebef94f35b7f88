using System.Globalization;
using System.Text.RegularExpressions;

namespace MarginCall.Fuzz;

/// <summary>
/// The bundled inputs the fuzzer mutates, copied into a temporary folder: <c>scenarios/</c> (with <c>data/</c>, so
/// replay and population files resolve as they do in the repository, and a sweep's <c>scenario</c> stays inside its
/// folder) and <c>examples/inspect*.json</c>. Each scenario and sweep is shrunk in its text before mutation — duration
/// cut to <see cref="RunSize.Steps"/> steps, population to <see cref="RunSize.Accounts"/> accounts, sweep paths to
/// <see cref="RunSize.Paths"/> — so a case runs in milliseconds; comments, layout and every other field stay as bundled.
/// </summary>
internal sealed partial class FuzzWorkspace : IDisposable
{
    private FuzzWorkspace(string root, IReadOnlyList<Input> scenarios, IReadOnlyList<Input> sweeps, IReadOnlyList<Input> snapshots)
    {
        Root = root;
        Scenarios = scenarios;
        Sweeps = sweeps;
        Snapshots = snapshots;
    }

    /// <summary>The temporary folder (removed on dispose).</summary>
    public string Root { get; }

    /// <summary>Where mutated scenarios and sweeps are written: the copy of <c>scenarios/</c>.</summary>
    public string ScenarioFolder => Path.Combine(Root, "scenarios");

    /// <summary>The shrunk bundled scenarios.</summary>
    public IReadOnlyList<Input> Scenarios { get; }

    /// <summary>The shrunk bundled sweep files.</summary>
    public IReadOnlyList<Input> Sweeps { get; }

    /// <summary>The bundled inspect snapshots (as they are: inspect does no run).</summary>
    public IReadOnlyList<Input> Snapshots { get; }

    /// <summary>Copies and shrinks the inputs of the repository at <paramref name="repository"/>.</summary>
    public static FuzzWorkspace Create(string repository, RunSize size)
    {
        var root = Path.Combine(Path.GetTempPath(), "margincall-fuzz-" + Guid.NewGuid().ToString("N"));
        var scenarios = Path.Combine(root, "scenarios");
        Directory.CreateDirectory(Path.Combine(scenarios, "data"));
        foreach (var data in Directory.GetFiles(Path.Combine(repository, "scenarios", "data")))
        {
            File.Copy(data, Path.Combine(scenarios, "data", Path.GetFileName(data)));
        }

        var scenarioInputs = new List<Input>();
        var sweepInputs = new List<Input>();
        foreach (var file in Directory.GetFiles(Path.Combine(repository, "scenarios"), "*.json").Order(StringComparer.Ordinal))
        {
            var text = Shrink(File.ReadAllText(file), size);
            File.WriteAllText(Path.Combine(scenarios, Path.GetFileName(file)), text);
            (text.Contains("\"parameterSets\"", StringComparison.Ordinal) ? sweepInputs : scenarioInputs).Add(new Input(Path.GetFileName(file), text));
        }

        var snapshots = Directory.GetFiles(Path.Combine(repository, "examples"), "inspect*.json").Order(StringComparer.Ordinal)
            .Select(f => new Input(Path.GetFileName(f), File.ReadAllText(f))).ToArray();
        return new FuzzWorkspace(root, scenarioInputs, sweepInputs, snapshots);
    }

    /// <summary>The text with its run size cut: <c>durationSeconds</c>, population <c>count</c>, sweep <c>paths</c>.</summary>
    public static string Shrink(string text, RunSize size)
    {
        var step = StepSeconds().Match(text) is { Success: true } m ? double.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture) : 1.0;
        var duration = (size.Steps * step).ToString(CultureInfo.InvariantCulture);
        text = DurationSeconds().Replace(text, "${k}" + duration);
        text = Count().Replace(text, "${k}" + size.Accounts.ToString(CultureInfo.InvariantCulture));
        return Paths().Replace(text, "${k}" + size.Paths.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The repository holding <c>scenarios/</c> and <c>examples/</c>: <paramref name="start"/> or a folder above it.</summary>
    public static string FindRepository(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "scenarios")) && Directory.Exists(Path.Combine(dir.FullName, "examples")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no folder with scenarios/ and examples/ at or above {start}");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A hung case may still hold a file open; the folder is in the temporary folder and named as the fuzzer's.
        }
    }

    [GeneratedRegex(@"""stepSeconds""\s*:\s*(?<v>\d+(\.\d+)?)")]
    private static partial Regex StepSeconds();

    [GeneratedRegex(@"(?<k>""durationSeconds""\s*:\s*)\d+(\.\d+)?")]
    private static partial Regex DurationSeconds();

    [GeneratedRegex(@"(?<k>""count""\s*:\s*)\d+")]
    private static partial Regex Count();

    [GeneratedRegex(@"(?<k>""paths""\s*:\s*)\d+")]
    private static partial Regex Paths();
}

/// <summary>One bundled input: its file name and (shrunk) text.</summary>
internal sealed record Input(string Name, string Text);

/// <summary>The size every scenario and sweep is cut to before mutation.</summary>
internal sealed record RunSize(int Steps, int Accounts, int Paths);
