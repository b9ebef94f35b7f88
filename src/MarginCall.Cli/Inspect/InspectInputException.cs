namespace MarginCall.Cli.Inspect;

/// <summary>The inspect input was refused; the message starts with the path of the offending field.</summary>
internal sealed class InspectInputException(string path, string message) : Exception($"{path}: {message}")
{
    /// <summary>Field path, e.g. <c>accounts[1].positions[0].size</c>.</summary>
    public string Path { get; } = path;
}
