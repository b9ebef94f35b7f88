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
/// <param name="Extra">The figures added for the stand-alone report (see <see cref="TimelineExtra"/>).</param>
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
    int ImpactTriggered,
    TimelineExtra Extra);

/// <summary>
/// Timeline figures beyond the original columns (report units). "Interval" figures cover the steps since the previous
/// row, "cumulative" ones the run so far.
/// </summary>
/// <param name="PopulationOpenInterest">Σ long notional at mark of the population's accounts only (the market maker and keeper excluded).</param>
/// <param name="FundCash">Insurance funds' cash balance (their equity is <see cref="TimelineRow.InsuranceFund"/>).</param>
/// <param name="FundInventory">Σ |size| × mark of the positions the insurance funds hold after backstop takeovers.</param>
/// <param name="SocializedLoss">Cumulative losses charged to open positions by the socialized-loss stage.</param>
/// <param name="KeeperRewards">Cumulative rewards credited to keepers (fee share and auction incentives).</param>
/// <param name="KeeperPnl">Keeper rewards plus the simulated keeper account's equity change (auction lots taken and hedged, at mark).</param>
/// <param name="SlippagePaid">Cumulative slippage paid by liquidated accounts.</param>
/// <param name="LiquidatedByStage">Liquidated notional in the interval per waterfall stage: book, auction, backstop, adl (in <see cref="Stages"/> order).</param>
/// <param name="LiquidatedByMarket">Liquidated notional in the interval per market (the socialized-loss stage, which has no market, excluded).</param>
public sealed record TimelineExtra(
    double PopulationOpenInterest,
    double FundCash,
    double FundInventory,
    double SocializedLoss,
    double KeeperRewards,
    double KeeperPnl,
    double SlippagePaid,
    double[] LiquidatedByStage,
    double[] LiquidatedByMarket)
{
    /// <summary>The waterfall stages of <see cref="LiquidatedByStage"/>, in order.</summary>
    public static IReadOnlyList<string> Stages { get; } = ["book", "auction", "backstop", "adl"];
}
