namespace MarginCall.Cli.Terminal;

/// <summary>What a command needs from its surroundings: the writers, whether stderr is a terminal, the interrupt.</summary>
/// <param name="Output">Standard output: results.</param>
/// <param name="Error">Standard error: refusals, progress.</param>
/// <param name="ErrorIsTerminal">Whether stderr is a terminal (a redrawn bar) or not (plain lines).</param>
/// <param name="Cancellation">Set by Ctrl-C.</param>
internal sealed record CliContext(TextWriter Output, TextWriter Error, bool ErrorIsTerminal, CancellationToken Cancellation);
