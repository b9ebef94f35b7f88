using System.Text.Json;
using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Randomness;

namespace MarginCall.Simulation.Scenarios;

/// <summary>
/// A scenario file as written (JSON, camelCase; schema in docs/simulate.md). Amounts and prices are in whole units
/// (USD, BTC) as a person writes them; they enter the ledger only through <see cref="LedgerConversion"/>.
/// </summary>
public sealed record Scenario
{
    /// <summary>Short name used in reports.</summary>
    public string Name { get; init; } = "scenario";

    /// <summary>What the scenario represents.</summary>
    public string? Description { get; init; }

    /// <summary>Where the figures the scenario is shaped after come from (citations).</summary>
    public string? Source { get; init; }

    /// <summary>Seed of every random stream of the run.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Simulated time, seconds.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Length of one step, seconds: prices move, the book refills and the engine runs once per step.</summary>
    public double StepSeconds { get; init; } = 1;

    /// <summary>A timeline row every this many steps (default: about 2,000 rows per run).</summary>
    public int? TimelineEverySteps { get; init; }

    /// <summary>The settlement asset.</summary>
    public QuoteSpec Quote { get; init; } = new();

    /// <summary>The perpetual markets.</summary>
    public IReadOnlyList<MarketSpec> Markets { get; init; } = [];

    /// <summary>Engine parameters, passed through to the engine's own types (see <see cref="EngineSettings"/>).</summary>
    public JsonElement? Engine { get; init; }

    /// <summary>The <see cref="Engine"/> object read into the engine's types by <see cref="ScenarioLoader"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public EngineSettings EngineSettings { get; init; } = new();

    /// <summary>The accounts.</summary>
    public PopulationSpec Population { get; init; } = new();

    /// <summary>The exogenous price model.</summary>
    public PriceProcessSpec PriceProcess { get; init; } = new();

    /// <summary>Book depth and impact (per market overrides in <see cref="MarketSpec.Liquidity"/>).</summary>
    public LiquiditySpec Liquidity { get; init; } = new();

    /// <summary>
    /// Opening balance of the insurance fund the markets draw on (the engine parameters' <c>insuranceFund</c>, 0 by
    /// default), whole quote units, paid in with the engine's <c>FundInsurance</c> command at setup.
    /// </summary>
    public double InsuranceFund { get; init; }

    /// <summary>The simulated keeper that takes auction lots (see <see cref="KeeperSpec"/>).</summary>
    public KeeperSpec Keeper { get; init; } = new();

    /// <summary>Number of steps: duration / step, rounded up.</summary>
    public int StepCount => (int)Math.Ceiling((DurationSeconds / StepSeconds) - 1e-9);
}

/// <summary>
/// A keeper that takes the engine's Dutch-auction lots when it can lay the position off into the book at a profit:
/// it takes a lot when the auction price beats the average price the market maker's depth would give for the same size
/// by at least <see cref="MinProfit"/>, then hedges at once against that depth (a trade with the market maker at the
/// sweep's average price; the depth it used is gone, so the hedge moves the price like any liquidation fill).
/// </summary>
public sealed record KeeperSpec
{
    /// <summary>Whether the keepers run (without them, unabsorbed liquidations end at the backstop).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Competing keepers, each with its own account and capital; each step a different one moves first (round robin),
    /// and what one takes is gone for the others.
    /// </summary>
    public int Count { get; init; } = 1;

    /// <summary>Least profit over the hedge, as a share of the hedge price.</summary>
    public double MinProfit { get; init; } = 0.002;
}

/// <summary>The venue's quote (settlement) asset.</summary>
public sealed record QuoteSpec
{
    /// <summary>Ticker.</summary>
    public string Symbol { get; init; } = "USD";

    /// <summary>Decimals of one quantum.</summary>
    public int Decimals { get; init; } = 6;
}

/// <summary>A perpetual market of the scenario.</summary>
public sealed record MarketSpec
{
    /// <summary>Ticker, e.g. BTC-USD.</summary>
    public string Symbol { get; init; } = "";

    /// <summary>Decimals of one base quantum.</summary>
    public int SizeDecimals { get; init; } = 8;

    /// <summary>Decimals of one price unit.</summary>
    public int PriceDecimals { get; init; } = 2;

    /// <summary>Smallest price increment, price units.</summary>
    public long TickSize { get; init; } = 1;

    /// <summary>Smallest size increment, base quantums.</summary>
    public long StepSize { get; init; } = 1;

    /// <summary>Price at time zero, whole quote units (replay takes it from its series when absent).</summary>
    public double? InitialPrice { get; init; }

    /// <summary>Multiplier of the process's volatility and jump size for this market.</summary>
    public double VolatilityScale { get; init; } = 1;

    /// <summary>Margin tiers by notional, lowest first (made continuous at the band edges).</summary>
    public IReadOnlyList<TierSpec> Tiers { get; init; } = [];

    /// <summary>This market's liquidity, replacing the scenario-wide one.</summary>
    public LiquiditySpec? Liquidity { get; init; }
}

/// <summary>One margin band.</summary>
public sealed record TierSpec
{
    /// <summary>Upper notional bound, whole quote units; omitted for the last band.</summary>
    public double? NotionalCap { get; init; }

    /// <summary>Initial margin rate, e.g. 0.02 (50x).</summary>
    public double InitialRate { get; init; }

    /// <summary>Maintenance margin rate, e.g. 0.01.</summary>
    public double MaintenanceRate { get; init; }
}

/// <summary>How the accounts are made.</summary>
public sealed record PopulationSpec
{
    /// <summary>Number of accounts to generate.</summary>
    public int Count { get; init; }

    /// <summary>Notional of each position, whole quote units at the initial price.</summary>
    public Distribution Notional { get; init; } = Distribution.Fixed(10_000);

    /// <summary>Leverage of each account (cross) or position (isolated): collateral = notional / leverage.</summary>
    public Distribution Leverage { get; init; } = Distribution.Fixed(5);

    /// <summary>Probability that a position is long.</summary>
    public double LongRatio { get; init; } = 0.5;

    /// <summary>Probability that a position is isolated rather than cross.</summary>
    public double IsolatedRatio { get; init; }

    /// <summary>Positions per account (rounded, clipped to 1..number of markets).</summary>
    public Distribution PositionsPerAccount { get; init; } = Distribution.Fixed(1);

    /// <summary>A CSV of positions to load instead of generating (columns: account, market, side, notional, leverage, mode).</summary>
    public string? File { get; init; }
}

/// <summary>The exogenous price model.</summary>
public sealed record PriceProcessSpec
{
    /// <summary>gbm, jumpDiffusion, regimeSwitching, replay (points or a price CSV, interpolated) or klines (exchange kline files, see <see cref="KlinePriceProcess"/>).</summary>
    public string Kind { get; init; } = "gbm";

    /// <summary>Annualized drift μ (gbm, jumpDiffusion).</summary>
    public double Drift { get; init; }

    /// <summary>Annualized volatility σ (gbm, jumpDiffusion).</summary>
    public double Volatility { get; init; } = 0.8;

    /// <summary>Correlation of the markets' diffusion shocks (identity when absent).</summary>
    public IReadOnlyList<IReadOnlyList<double>>? Correlation { get; init; }

    /// <summary>Expected jumps per year (jumpDiffusion, regimeSwitching).</summary>
    public double JumpIntensityPerYear { get; init; }

    /// <summary>Mean log jump size.</summary>
    public double JumpMean { get; init; }

    /// <summary>Standard deviation of the log jump size.</summary>
    public double JumpStdDev { get; init; }

    /// <summary>Regimes of regimeSwitching; the first is where the run starts.</summary>
    public IReadOnlyList<RegimeSpec>? Regimes { get; init; }

    /// <summary>Per-market series of replay and klines.</summary>
    public IReadOnlyList<SeriesSpec>? Series { get; init; }

    /// <summary>Noise over a replayed path (replay only: klines carry their own path, see <see cref="KlinePriceProcess"/>).</summary>
    public NoiseSpec? Noise { get; init; }

    /// <summary>Whether prices come from recorded data (replay or klines), which also gives the opening prices.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsReplay => Kind is "replay" or "klines";
}

/// <summary>One regime of regimeSwitching.</summary>
public sealed record RegimeSpec
{
    /// <summary>Label.</summary>
    public string Name { get; init; } = "";

    /// <summary>Annualized drift.</summary>
    public double Drift { get; init; }

    /// <summary>Annualized volatility.</summary>
    public double Volatility { get; init; }

    /// <summary>Mean time in the regime, seconds (absent: forever).</summary>
    public double? MeanDurationSeconds { get; init; }
}

/// <summary>The replayed path of one market: a CSV file or inline points.</summary>
public sealed record SeriesSpec
{
    /// <summary>Market symbol.</summary>
    public string Market { get; init; } = "";

    /// <summary>CSV path, relative to the scenario file.</summary>
    public string? File { get; init; }

    /// <summary>Name of the timestamp column (klines: used when the header has it, else open_time, else time).</summary>
    public string TimestampColumn { get; init; } = "timestamp";

    /// <summary>Name of the price column (tick files).</summary>
    public string PriceColumn { get; init; } = "price";

    /// <summary>
    /// klines: where the replay starts in the file, ISO 8601 (UTC unless it carries an offset); the kline open at or
    /// last before it is step 0. Absent: the first row.
    /// </summary>
    public string? From { get; init; }

    /// <summary>Inline points [secondsSinceStart, price] (replay only).</summary>
    public IReadOnlyList<IReadOnlyList<double>>? Points { get; init; }
}

/// <summary>Noise over a replayed path (see <see cref="PathNoise"/>).</summary>
public sealed record NoiseSpec
{
    /// <summary>Annualized volatility of the deviation.</summary>
    public double Volatility { get; init; }

    /// <summary>Mean-reversion time constant, seconds.</summary>
    public double MeanReversionSeconds { get; init; } = 300;
}

/// <summary>Book depth around the mid and price impact of liquidation fills.</summary>
public sealed record LiquiditySpec
{
    /// <summary>Price levels per side.</summary>
    public int Levels { get; init; } = 20;

    /// <summary>Distance between levels (and from the mid to the first), basis points.</summary>
    public double LevelSpacingBps { get; init; } = 10;

    /// <summary>Quote value resting at the first level at the initial price, whole quote units.</summary>
    public double NotionalPerLevel { get; init; } = 1_000_000;

    /// <summary>Growth of level size per level away from the mid (0.1 = each level 10% deeper).</summary>
    public double GrowthPerLevel { get; init; }

    /// <summary>Fraction of missing depth restored per step.</summary>
    public double RefillPerStep { get; init; } = 0.05;

    /// <summary>Share of the walked distance that moves the mid (see <see cref="Liquidity.MarketImpact"/>).</summary>
    public double ImpactPermanence { get; init; } = 0.5;

    /// <summary>Half-life of the impact offset, seconds (absent: permanent).</summary>
    public double? ImpactHalfLifeSeconds { get; init; }

    /// <summary>
    /// Depth, refill and open interest from the replayed klines' volume (klines only, see
    /// <see cref="Liquidity.VolumeCalibration"/>): when present, <see cref="NotionalPerLevel"/>,
    /// <see cref="GrowthPerLevel"/> and <see cref="RefillPerStep"/> are not used and the generated population's notionals
    /// are scaled to the calibrated open interest.
    /// </summary>
    public VolumeCalibrationSpec? FromVolume { get; init; }
}

/// <summary>The published figures <see cref="Liquidity.VolumeCalibration"/> combines with the replayed volume.</summary>
public sealed record VolumeCalibrationSpec
{
    /// <summary>Open interest over daily traded volume of the venue and period (a published figure: cite it in <see cref="Source"/>).</summary>
    public double OpenInterestToDailyVolume { get; init; }

    /// <summary>Y of the square-root impact law ΔP/P = Y σ √(Q / V); of order 1 in the studies cited.</summary>
    public double ImpactCoefficient { get; init; } = 1;

    /// <summary>Where the figures come from.</summary>
    public string? Source { get; init; }
}
