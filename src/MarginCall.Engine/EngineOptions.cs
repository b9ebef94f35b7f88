using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Risk;

namespace MarginCall.Engine;

/// <summary>How an engine is built.</summary>
public sealed record EngineOptions
{
    /// <summary>Venue-wide state thresholds.</summary>
    public RiskThresholds Thresholds { get; init; } = RiskThresholds.Default;

    /// <summary>Every market's parameters until a <see cref="Commands.SetLiquidationParameters"/> replaces them.</summary>
    public LiquidationParameters DefaultParameters { get; init; } = LiquidationParameters.Default;

    /// <summary>Use the reference full scan instead of the candidate index (tests and benchmarks compare the two).</summary>
    public bool UseFullScan { get; init; }
}
