using MarginCall.Simulation.Scenarios;

namespace MarginCall.Cli.Outputs;

/// <summary>
/// Where a command writes. A default folder is built from a name found in the input (the scenario's or sweep's name),
/// which is untrusted: it is reduced to a safe file name and the result must stay inside the intended parent
/// (<c>out/simulate</c>), so a name such as <c>../../x</c> cannot escape. Any folder, default or <c>-o</c>, is
/// created and probed for writing before the run starts, so an unwritable output fails at once, not after the work.
/// </summary>
internal static class OutputFolder
{
    /// <summary>The default folder for <paramref name="name"/> under <paramref name="parent"/>, confined to it.</summary>
    /// <exception cref="OutputException">The name cannot make a folder inside the parent.</exception>
    public static string Default(string parent, string name)
    {
        var safe = SafeName(name);
        var root = Path.GetFullPath(parent);
        var folder = Path.GetFullPath(Path.Combine(root, safe));
        if (!folder.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new OutputException($"the name {SafeText.Quote(name)} does not make a folder inside {parent}; give -o/--output");
        }

        return Path.Combine(parent, safe);
    }

    /// <summary>A name reduced to letters, digits, '.', '-' and '_' (others become '_'), never '.' or '..', at most 100 characters.</summary>
    public static string SafeName(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').Take(100).ToArray();
        var safe = new string(chars).Trim('.');
        return safe.Length == 0 ? "unnamed" : safe;
    }

    /// <summary>Creates <paramref name="folder"/> if needed and proves it writable with a probe file.</summary>
    /// <exception cref="OutputException">It is a file, cannot be created, or cannot be written.</exception>
    public static void Prepare(string folder)
    {
        try
        {
            if (File.Exists(folder))
            {
                throw new OutputException($"-o/--output {SafeText.Quote(folder)} is a file, not a folder");
            }

            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".margincall-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new OutputException($"-o/--output {SafeText.Quote(folder)} is not writable: {SafeText.Escape(e.Message, 160)}");
        }
    }
}

/// <summary>An output location that cannot be used; the message names the option.</summary>
internal sealed class OutputException(string message) : Exception(message);
