using MarginCall.Core.Numbers;

namespace MarginCall.Core.Model;

/// <summary>
/// The tiered margin schedule of a market: bands by position notional, each with its initial and maintenance
/// rate and deduction. Requirement = ceil(notional × rate) − deduction of the band the notional falls in, never
/// below zero (rounding up: requirements favour solvency).
/// </summary>
public sealed class MarginSchedule
{
    private readonly MarginTier[] tiers;

    /// <summary>Creates a schedule from tiers in increasing cap order; the last tier's cap is unbounded.</summary>
    public MarginSchedule(IReadOnlyList<MarginTier> tiers)
    {
        if (tiers.Count == 0)
        {
            throw new ModelValidationException("tiers", "at least one tier is required");
        }

        this.tiers = new MarginTier[tiers.Count];
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            var field = $"tiers[{i}]";
            if (tier.MaintenanceRate.Value <= 0 || tier.MaintenanceRate.Value >= Ppm.OneValue)
            {
                throw new ModelValidationException(field + ".maintenanceRate", "must be above 0 and below 1");
            }

            if (tier.InitialRate < tier.MaintenanceRate || tier.InitialRate > Ppm.One)
            {
                throw new ModelValidationException(field + ".initialRate", "must be within maintenanceRate..1");
            }

            // Before the deduction check: a falling rate is the cause when Continuous derives a negative deduction.
            if (i > 0 && tier.MaintenanceRate < tiers[i - 1].MaintenanceRate)
            {
                throw new ModelValidationException(field + ".maintenanceRate", "must not fall from tier to tier");
            }

            if (tier.MaintenanceDeduction.IsNegative || tier.InitialDeduction.IsNegative)
            {
                throw new ModelValidationException(field + ".maintenanceDeduction", "deductions must not be negative");
            }

            if (i > 0 && tier.NotionalCap <= tiers[i - 1].NotionalCap)
            {
                throw new ModelValidationException(field + ".notionalCap", "caps must increase from tier to tier");
            }

            this.tiers[i] = i == tiers.Count - 1 ? tier with { NotionalCap = new Quantums(long.MaxValue) } : tier;
        }

        IsContinuous = MaintenanceStepsUnderOneQuantum(this.tiers);
    }

    /// <summary>
    /// Whether the exact maintenance requirement (notional × rate − deduction, before rounding) steps by less than one
    /// quantum at every band edge, as <see cref="Continuous"/> builds it (true for a single band). The candidate index
    /// then bounds the requirement's change by the highest rate across edges instead of stopping at each edge.
    /// </summary>
    public bool IsContinuous { get; }

    /// <summary>The tiers, lowest band first.</summary>
    public ReadOnlySpan<MarginTier> Tiers => tiers;

    /// <summary>
    /// Builds a schedule whose deductions make both requirements continuous at every band edge, the way Binance
    /// derives its "maintenance amount": deduction_t = deduction_{t−1} + cap_{t−1} × (rate_t − rate_{t−1}).
    /// Rounds each deduction down, so the requirement never falls below the exact continuous one.
    /// </summary>
    public static MarginSchedule Continuous(IReadOnlyList<(Quantums NotionalCap, Ppm InitialRate, Ppm MaintenanceRate)> bands)
    {
        var tiers = new MarginTier[bands.Count];
        var initialDeduction = Quantums.Zero;
        var maintenanceDeduction = Quantums.Zero;
        for (var i = 0; i < bands.Count; i++)
        {
            if (i > 0)
            {
                var edge = bands[i - 1].NotionalCap;
                initialDeduction += edge.Times(new Ppm(bands[i].InitialRate.Value - bands[i - 1].InitialRate.Value), Rounding.Floor);
                maintenanceDeduction += edge.Times(new Ppm(bands[i].MaintenanceRate.Value - bands[i - 1].MaintenanceRate.Value), Rounding.Floor);
            }

            tiers[i] = new MarginTier(bands[i].NotionalCap, bands[i].InitialRate, bands[i].MaintenanceRate, initialDeduction, maintenanceDeduction);
        }

        return new MarginSchedule(tiers);
    }

    /// <summary>A single-band schedule: the same rates at every size.</summary>
    public static MarginSchedule Flat(Ppm initialRate, Ppm maintenanceRate) =>
        new([new MarginTier(new Quantums(long.MaxValue), initialRate, maintenanceRate, Quantums.Zero, Quantums.Zero)]);

    /// <summary>Index of the band <paramref name="notional"/> falls in (caps inclusive).</summary>
    public int TierIndexFor(Quantums notional)
    {
        var i = 0;
        while (notional > tiers[i].NotionalCap)
        {
            i++;
        }

        return i;
    }

    /// <summary>Maintenance requirement of a position with this notional: max(0, ceil(notional × rate) − deduction).</summary>
    public Quantums MaintenanceRequirement(Quantums notional) => Requirement(notional, maintenance: true);

    /// <summary>Initial requirement of a position with this notional: max(0, ceil(notional × rate) − deduction).</summary>
    public Quantums InitialRequirement(Quantums notional) => Requirement(notional, maintenance: false);

    private static bool MaintenanceStepsUnderOneQuantum(MarginTier[] tiers)
    {
        for (var i = 1; i < tiers.Length; i++)
        {
            // step × 10⁶ = cap × (rate_i − rate_{i−1}) − (deduction_i − deduction_{i−1}) × 10⁶, exact in Int128.
            var edge = (Int128)tiers[i - 1].NotionalCap.Value;
            var step = (edge * (tiers[i].MaintenanceRate.Value - tiers[i - 1].MaintenanceRate.Value))
                - (((Int128)tiers[i].MaintenanceDeduction.Value - tiers[i - 1].MaintenanceDeduction.Value) * Ppm.OneValue);
            if (Int128.Abs(step) >= Ppm.OneValue)
            {
                return false;
            }
        }

        return true;
    }

    private Quantums Requirement(Quantums notional, bool maintenance)
    {
        var tier = tiers[TierIndexFor(notional)];
        var gross = notional.Times(maintenance ? tier.MaintenanceRate : tier.InitialRate, Rounding.Ceiling);
        var net = gross - (maintenance ? tier.MaintenanceDeduction : tier.InitialDeduction);
        return Quantums.Max(net, Quantums.Zero);
    }
}
