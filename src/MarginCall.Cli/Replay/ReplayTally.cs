namespace MarginCall.Cli.Replay;

/// <summary>What a replay has done so far (one writer: the replay loop).</summary>
internal sealed class ReplayTally
{
    /// <summary>Commands the service acknowledged.</summary>
    public long Commands { get; set; }

    /// <summary>Commands the service refused (a typed refusal, durable, changed nothing).</summary>
    public long Refused { get; set; }

    /// <summary>
    /// Commands the service answered otherwise than the simulator's engine (refused one it accepted or the reverse):
    /// other clients' commands (an external keeper) changed the state between the replay's. Zero when the replay is alone.
    /// </summary>
    public long Diverged { get; set; }

    /// <summary><c>LiquidationStep</c> events in the answers.</summary>
    public long LiquidationSteps { get; set; }

    /// <summary>The scenario time of the last batch posted (ms).</summary>
    public long ScenarioMs { get; set; }

    /// <summary>The service's sequence after the last batch.</summary>
    public long Sequence { get; set; }
}
