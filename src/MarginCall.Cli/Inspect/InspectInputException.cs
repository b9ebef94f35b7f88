using MarginCall.Simulation.Scenarios;

namespace MarginCall.Cli.Inspect;

/// <summary>
/// The inspect input was refused; the message starts with the path of the offending field. Path and message may quote
/// input: both are escaped (control characters) and cut, so the refusal stays one line.
/// </summary>
internal sealed class InspectInputException(string path, string message)
    : Exception($"{SafeText.Escape(path, 120)}: {SafeText.Escape(message, 300)}")
{
    /// <summary>Field path, e.g. <c>accounts[1].positions[0].size</c>.</summary>
    public string Path { get; } = path;
}
