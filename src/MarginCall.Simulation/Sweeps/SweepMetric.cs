using MarginCall.Simulation.Reporting;

namespace MarginCall.Simulation.Sweeps;

/// <summary>Which way a metric improves, for the verdict of a comparison.</summary>
public enum Preference
{
    /// <summary>Less is better (losses, drawdown, slippage, bankruptcies).</summary>
    Lower,

    /// <summary>More is better (keeper PnL: keepers that earn stay; the share the market absorbed).</summary>
    Higher,
}

/// <summary>
/// One figure of a run that a sweep compares between parameter sets: its column key, label, unit and direction.
/// </summary>
/// <param name="Key">Column key in CSV/JSON (snake_case).</param>
/// <param name="Label">Label in reports.</param>
/// <param name="Unit">Unit; <c>quote</c> stands for the scenario's quote asset (USD).</param>
/// <param name="Preference">Which way is better.</param>
/// <param name="Value">The figure of one run.</param>
public sealed record SweepMetric(string Key, string Label, string Unit, Preference Preference, Func<RunSummary, double> Value)
{
    /// <summary>Unit marker for amounts in the quote asset.</summary>
    public const string Quote = "quote";

    /// <summary>
    /// The metrics every sweep compares, in report order. Liquidated shares are a stage's share of the run's liquidated
    /// notional (0 when nothing was liquidated): the book and the keepers' auctions are the market absorbing the
    /// liquidation (higher is better); the backstop and auto-deleveraging are the venue and its traders carrying it
    /// (lower is better).
    /// </summary>
    public static IReadOnlyList<SweepMetric> All { get; } =
    [
        new("bad_debt", "Bad debt", Quote, Preference.Lower, r => r.BadDebt),
        new("socialized_loss", "Socialized loss", Quote, Preference.Lower, r => r.SocializedLoss),
        new("fund_drawdown", "Insurance fund max drawdown", Quote, Preference.Lower, r => r.InsuranceFund.MaxDrawdown),
        new("slippage_paid", "Slippage paid", Quote, Preference.Lower, r => r.SlippagePaid),
        new("keeper_pnl", "Keeper PnL", Quote, Preference.Higher, r => r.KeeperPnl),
        new("share_book", "Liquidated share via book", "share", Preference.Higher, r => Share(r, "book")),
        new("share_auction", "Liquidated share via auction", "share", Preference.Higher, r => Share(r, "auction")),
        new("share_backstop", "Liquidated share via backstop", "share", Preference.Lower, r => Share(r, "backstop")),
        new("share_adl", "Liquidated share via ADL", "share", Preference.Lower, r => Share(r, "adl")),
        new("cascade_depth", "Max cascade depth", "steps", Preference.Lower, r => r.MaxCascadeDepth),
        new("accounts_bankrupt", "Accounts bankrupt", "accounts", Preference.Lower, r => r.AccountsBankrupt),
        new("max_impact", "Max price impact", "share", Preference.Lower, r => r.Markets.Count == 0 ? 0 : r.Markets.Max(m => m.MaxImpact)),
    ];

    /// <summary>The metric with <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such metric.</exception>
    public static SweepMetric Named(string key) =>
        All.FirstOrDefault(m => m.Key == key) ?? throw new KeyNotFoundException($"no sweep metric '{key}'");

    /// <summary>The unit as printed, with <see cref="Quote"/> replaced by the quote asset's symbol.</summary>
    public string UnitOf(string quoteSymbol) => Unit == Quote ? quoteSymbol : Unit;

    private static double Share(RunSummary run, string stage) =>
        run.LiquidatedNotional > 0 && run.LiquidationsByStage.TryGetValue(stage, out var s) ? s.Notional / run.LiquidatedNotional : 0;
}
