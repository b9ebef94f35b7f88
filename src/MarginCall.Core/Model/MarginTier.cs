using MarginCall.Core.Numbers;

namespace MarginCall.Core.Model;

/// <summary>
/// One notional band of a tiered margin schedule, as exchanges publish them (Binance "leverage and margin
/// brackets"): positions whose notional is at most <see cref="NotionalCap"/> (and above the previous tier's cap)
/// require notional × rate − deduction. The deduction (Binance's "maintenance amount") keeps the requirement
/// continuous at the band edges.
/// </summary>
/// <param name="NotionalCap">Upper bound of the band, inclusive, in quote quantums.</param>
/// <param name="InitialRate">Initial margin rate (1 / max leverage).</param>
/// <param name="MaintenanceRate">Maintenance margin rate.</param>
/// <param name="InitialDeduction">Subtracted from notional × initial rate, in quote quantums.</param>
/// <param name="MaintenanceDeduction">Subtracted from notional × maintenance rate, in quote quantums.</param>
public readonly record struct MarginTier(
    Quantums NotionalCap,
    Ppm InitialRate,
    Ppm MaintenanceRate,
    Quantums InitialDeduction,
    Quantums MaintenanceDeduction);
