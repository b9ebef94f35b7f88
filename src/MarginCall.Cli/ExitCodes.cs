namespace MarginCall.Cli;

/// <summary>The exit codes of every <c>margincall</c> command (docs/simulate.md, "Command line").</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An internal error (a bug): one line on stderr and the path of a file with the details.</summary>
    public const int InternalError = 1;

    /// <summary>Refused input: a file, a field in it, or an output folder; one line naming file, line and field.</summary>
    public const int RefusedInput = 2;

    /// <summary>A usage error: an unknown option, a missing argument, an option value out of range (BSD EX_USAGE).</summary>
    public const int Usage = 64;

    /// <summary>Interrupted (Ctrl-C): 128 + SIGINT.</summary>
    public const int Interrupted = 130;
}
