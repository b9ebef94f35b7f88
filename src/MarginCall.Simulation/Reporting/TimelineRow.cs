namespace MarginCall.Simulation.Reporting;

/// <summary>
/// One sampled row of a run's timeline (report units: whole quote units, seconds). Per-market arrays follow the
/// scenario's market order. "Interval" figures cover the steps since the previous row.
/// </summary>
/// <param name="Step">Step number (0 = setup).</param>
/// <param name="TimeSeconds">Simulated time.</param>
/// <param name="Fundamental">Exogenous price per market (before liquidation impact).</param>
/// <param name="Oracle">Oracle price sent to the engine (fundamental × impact).</param>
/// <param name="Mark">The engine's mark price.</param>
/// <param name="OpenInterest">Σ long notional at mark over all markets.</param>
/// <param name="Healthy">Accounts healthy.</param>
/// <param name="MarginCall">Accounts under the warning level.</param>
/// <param name="Liquidatable">Accounts liquidatable.</param>
/// <param name="InLiquidation">Accounts being liquidated.</param>
/// <param name="Bankrupt">Accounts with negative equity.</param>
/// <param name="LiquidatedNotional">Liquidation fill notional in the interval.</param>
/// <param name="CumulativeLiquidated">Liquidation fill notional since the start.</param>
/// <param name="InsuranceFund">Insurance funds' total balance.</param>
/// <param name="BadDebt">Bad debt so far: shortfall absorbed by the backstop + negative equity of unresolved pools.</param>
/// <param name="ImpactTriggered">Entries into liquidation caused by liquidation impact in the interval.</param>
public sealed record TimelineRow(
    int Step,
    double TimeSeconds,
    double[] Fundamental,
    double[] Oracle,
    double[] Mark,
    double OpenInterest,
    int Healthy,
    int MarginCall,
    int Liquidatable,
    int InLiquidation,
    int Bankrupt,
    double LiquidatedNotional,
    double CumulativeLiquidated,
    double InsuranceFund,
    double BadDebt,
    int ImpactTriggered);
