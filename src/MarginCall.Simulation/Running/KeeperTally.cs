namespace MarginCall.Simulation.Running;

/// <summary>What one simulated keeper executed over a run (its rewards and PnL are read from the engine at the end).</summary>
internal sealed class KeeperTally
{
    /// <summary>Liquidation steps it requested that the engine ran.</summary>
    public long Steps;

    /// <summary>Auction takes (whole or part lots).</summary>
    public long Lots;
}
