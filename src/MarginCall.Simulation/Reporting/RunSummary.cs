namespace MarginCall.Simulation.Reporting;

/// <summary>
/// What one run produced, in report units (whole quote units). Contains nothing that depends on the machine or the
/// wall clock, so the same scenario and seed give the same summary byte for byte.
/// </summary>
public sealed record RunSummary
{
    /// <summary>Scenario name.</summary>
    public required string Scenario { get; init; }

    /// <summary>Seed of the run.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Steps simulated.</summary>
    public required int Steps { get; init; }

    /// <summary>Step length, seconds.</summary>
    public required double StepSeconds { get; init; }

    /// <summary>Accounts in the population (the market maker not counted).</summary>
    public required int Accounts { get; init; }

    /// <summary>Setup figures.</summary>
    public required SetupSummary Setup { get; init; }

    /// <summary>
    /// Bad debt: every loss beyond the collateral of the accounts that made it — <see cref="AbsorbedShortfall"/> (the
    /// negative equity the backstop took over) + <see cref="UnresolvedShortfall"/> (negative equity still sitting in
    /// pools at the end). Who finally pays it (insurance fund, deleveraged traders, socialized loss) is reported
    /// separately; <see cref="BookedBadDebt"/> is the part nobody could be charged yet.
    /// </summary>
    public required double BadDebt { get; init; }

    /// <summary>Σ −equity of pools at the moment the backstop took them over (their shortfall).</summary>
    public required double AbsorbedShortfall { get; init; }

    /// <summary>
    /// What the insurance funds lost taking positions over at their bankruptcy prices: Σ of the fall of fund equity
    /// at each takeover (the position valued at the mark against the bankruptcy price paid). Together with
    /// <see cref="BadDebt"/>, the venue's cost of the liquidations that the book and the keepers did not absorb.
    /// </summary>
    public required double BackstopLoss { get; init; }

    /// <summary>Bad debt the engine has on record as uncharged (its outstanding <c>BadDebt</c>; gates withdrawals).</summary>
    public required double BookedBadDebt { get; init; }

    /// <summary>
    /// Losses charged to open positions by the engine's socialized-loss stage (the insurance fund's realized equity
    /// below zero, spread pro rata over open interest): the venue's losses that its traders, not the fund, paid.
    /// </summary>
    public required double SocializedLoss { get; init; }

    /// <summary>Σ −equity over pools with negative equity at the end (losses not yet resolved by the waterfall).</summary>
    public required double UnresolvedShortfall { get; init; }

    /// <summary>Largest bad debt (absorbed so far + unresolved) at any sampled time.</summary>
    public required double PeakBadDebt { get; init; }

    /// <summary>Insurance funds at the start, end, lowest, and the largest fall from a running peak.</summary>
    public required FundSummary InsuranceFund { get; init; }

    /// <summary>Accounts that entered Liquidatable at least once.</summary>
    public required int AccountsLiquidated { get; init; }

    /// <summary>Accounts that went bankrupt at least once.</summary>
    public required int AccountsBankrupt { get; init; }

    /// <summary>
    /// Accounts that left liquidation with a position still open and never went bankrupt: a partial liquidation
    /// restored them instead of closing them out.
    /// </summary>
    public required int AccountsSavedByPartialLiquidation { get; init; }

    /// <summary>Liquidation volume by stage of the waterfall: <c>book</c> (IOC fills against the order book) and any stage the engine reports.</summary>
    public required SortedDictionary<string, StageSummary> LiquidationsByStage { get; init; }

    /// <summary>Σ liquidation fill notional, all stages.</summary>
    public required double LiquidatedNotional { get; init; }

    /// <summary>Σ |fill price − quoted mid| × size over liquidation fills: the price liquidated accounts paid for immediacy.</summary>
    public required double SlippagePaid { get; init; }

    /// <summary>Liquidation fees charged, all recipients.</summary>
    public required double LiquidationFees { get; init; }

    /// <summary>The insurance funds' share of liquidation fees.</summary>
    public required double FeesToInsuranceFund { get; init; }

    /// <summary>Rewards earned by keepers (including the engine's own liquidator account).</summary>
    public required double KeeperRewards { get; init; }

    /// <summary>
    /// Longest run of consecutive steps in each of which at least one account became liquidatable that would not have
    /// been at the impact-free (fundamental) price: how many generations of liquidations fed themselves.
    /// </summary>
    public required int MaxCascadeDepth { get; init; }

    /// <summary>Steps with at least one impact-triggered entry into liquidation.</summary>
    public required int CascadeSteps { get; init; }

    /// <summary>Accounts made liquidatable (at least once) by liquidation impact rather than by the exogenous price.</summary>
    public required int ImpactTriggeredAccounts { get; init; }

    /// <summary>Per-market price figures.</summary>
    public required IReadOnlyList<MarketSummary> Markets { get; init; }

    /// <summary>Liquidation steps by the rule that sized them (TargetHealth, PositionPortionCap, FullClose, …).</summary>
    public required SortedDictionary<string, long> SizingRules { get; init; }

    /// <summary>Engine events by type over the run (setup excluded).</summary>
    public required SortedDictionary<string, long> EngineEvents { get; init; }

    /// <summary>Refused commands by reason over the run (setup excluded).</summary>
    public required SortedDictionary<string, long> Rejections { get; init; }

    // Figures added for risk-team comparisons and the stand-alone report; the fields above keep their values.

    /// <summary>What keepers made: rewards credited to keepers + the simulated keeper account's equity change (at mark).</summary>
    public double KeeperPnl { get; init; }

    /// <summary>
    /// Backstop takeovers that left the fund's equity under its floor (<c>insuranceFundFloor</c>) or that the engine
    /// forced because nothing else could take the position: the fund acting beyond its means (should be 0).
    /// </summary>
    public long TakeoversBelowFloor { get; init; }

    /// <summary>Liquidation steps a keeper requested (the <c>KeeperLiquidate</c> command) that the engine ran.</summary>
    public long KeeperSteps { get; init; }

    /// <summary>
    /// Keeper-requested steps whose keeper share of the fee was below the cost the fee was computed with (the engine's
    /// <c>FeeBreakdown.Cost</c>: execution cost + expected slippage + volatility allowance):
    /// steps that did not pay the keeper for its transaction (the dynamic fee floor should keep this at 0).
    /// </summary>
    public long KeeperStepsBelowCost { get; init; }

    /// <summary>Keeper-requested steps that filled nothing (the book had nothing inside the bound): counted in <see cref="KeeperSteps"/>.</summary>
    public long KeeperStepsEmpty { get; init; }

    /// <summary>Each simulated keeper: what it executed, earned and made.</summary>
    public IReadOnlyList<KeeperSummary> Keepers { get; init; } = [];

    /// <summary>Each stage's share of <see cref="LiquidatedNotional"/> (0–1; empty when nothing was liquidated).</summary>
    public SortedDictionary<string, double> LiquidatedShareByStage { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Peak Σ |size| × mark of the positions the insurance funds held.</summary>
    public double PeakFundInventory { get; init; }

    /// <summary>The scenario's description.</summary>
    public string? Description { get; init; }

    /// <summary>The scenario's sources.</summary>
    public string? Source { get; init; }

    /// <summary>Quote (settlement) asset every amount is in.</summary>
    public string Quote { get; init; } = "USD";

    /// <summary>UTC time of step 0 for a dated replay (ISO 8601); null for synthetic paths.</summary>
    public string? StartTimeUtc { get; init; }

    /// <summary>Every parameter of the run: the scenario as loaded (defaults filled in) and the engine settings in effect.</summary>
    public System.Text.Json.Nodes.JsonObject? Parameters { get; init; }

    /// <summary>The liquidity of each market calibrated from its klines' volume (<c>liquidity.fromVolume</c>); empty otherwise.</summary>
    public IReadOnlyList<CalibrationSummary> Calibration { get; init; } = [];
}

/// <summary>One simulated keeper's figures.</summary>
/// <param name="Id">Its keeper id.</param>
/// <param name="Steps">Liquidation steps it requested that the engine ran.</param>
/// <param name="Lots">Auction takes.</param>
/// <param name="Rewards">Fee shares and auction incentives the engine credited to it.</param>
/// <param name="Pnl">Rewards + its account's equity change at the mark (auction takes laid off into the book).</param>
public sealed record KeeperSummary(string Id, long Steps, long Lots, double Rewards, double Pnl);

/// <summary>What <see cref="Liquidity.VolumeCalibration"/> measured and set for one market.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="DailyVolume">Quote value traded per day over the replayed window.</param>
/// <param name="DailyVolatility">Daily volatility of the closes over the window.</param>
/// <param name="SideDepth">Quote value resting on one side of the full book.</param>
/// <param name="RefillPerStep">Share of missing depth restored per step.</param>
/// <param name="TurnoverSeconds">Seconds the venue takes to trade one side's whole depth (the refill's time constant).</param>
/// <param name="OpenInterest">The population's Σ |notional|.</param>
public sealed record CalibrationSummary(string Symbol, double DailyVolume, double DailyVolatility, double SideDepth, double RefillPerStep, double TurnoverSeconds, double OpenInterest);

/// <summary>Setup figures.</summary>
/// <param name="AccountsCreated">Engine accounts created (population, market maker and keeper).</param>
/// <param name="PositionsOpened">Positions opened.</param>
/// <param name="PositionsRefused">Positions the engine refused to open (the reason counts are in <see cref="Rejections"/>).</param>
/// <param name="Rejections">Setup refusals by reason.</param>
public sealed record SetupSummary(int AccountsCreated, int PositionsOpened, int PositionsRefused, SortedDictionary<string, long> Rejections);

/// <summary>Insurance fund figures.</summary>
/// <param name="Start">Balance after setup.</param>
/// <param name="End">Balance at the end.</param>
/// <param name="Minimum">Lowest balance seen.</param>
/// <param name="MaxDrawdown">Largest fall from a running peak.</param>
public sealed record FundSummary(double Start, double End, double Minimum, double MaxDrawdown);

/// <summary>Liquidation volume of one stage.</summary>
/// <param name="Steps">Liquidation steps that executed something.</param>
/// <param name="Fills">Fills (book stage: resting orders hit).</param>
/// <param name="Notional">Σ size × price.</param>
public sealed record StageSummary(long Steps, long Fills, double Notional);

/// <summary>Price figures of one market.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Initial">Oracle price at the start.</param>
/// <param name="Final">Oracle price at the end.</param>
/// <param name="Minimum">Lowest oracle price.</param>
/// <param name="Maximum">Highest oracle price.</param>
/// <param name="MaxImpact">Largest |impact factor − 1|: how far liquidations pushed the price from the fundamental.</param>
public sealed record MarketSummary(string Symbol, double Initial, double Final, double Minimum, double Maximum, double MaxImpact);
