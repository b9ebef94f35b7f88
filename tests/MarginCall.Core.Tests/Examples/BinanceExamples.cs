using MarginCall.Core.Model;
using MarginCall.Core.Tests.TestWorld;

namespace MarginCall.Core.Tests.Examples;

/// <summary>
/// Binance USDⓈ-M maintenance tiers. The BTCUSDT brackets (notional band, max leverage, MMR) are from
/// "Updates to Leverage and Margin Tiers of Binance Futures Contracts (2021-03-18)",
/// https://www.binance.com/tr/support/announcement/86cf9aa472574b8cb2e05bb751c2a9a6; the maintenance amounts
/// ("cum") follow Binance's recursion "[Floor of Position Bracket on Level n × difference between Maintenance Margin
/// Rate on Level n and Level n−1] + Maintenance Amount on Level n−1"
/// (https://www.binance.com/es/support/faq/ceccfcfb4e3a45e3b48b0b1bb1a8ae46), and "Maintenance Margin = Notional
/// Position Value × Maintenance Margin Rate − Maintenance Amount"
/// (https://www.binance.com/en/futures/trading-rules/perpetual/portfolio-margin/notional-limit).
/// </summary>
public sealed class BinanceExamples
{
    private static readonly WorldBuilder Usdt = WorldBuilder.WithQuote("USDT");

    private static MarginSchedule Btcusdt2021() => Usdt.Continuous(
        ("50000", "0.008", "0.004"),
        ("250000", "0.01", "0.005"),
        ("1000000", "0.02", "0.01"),
        ("10000000", "0.05", "0.025"),
        ("20000000", "0.1", "0.05"));

    [Fact]
    public void Continuous_schedule_reproduces_the_published_maintenance_amounts_0_50_1300_16300_266300()
    {
        var deductions = Btcusdt2021().Tiers.ToArray().Select(t => t.MaintenanceDeduction.Value).ToArray();

        Assert.Equal(new[] { 0L, 50_000_000, 1_300_000_000, 16_300_000_000, 266_300_000_000 }, deductions);
    }

    [Theory]
    [InlineData("50000", "200")] // 50,000 × 0.4% − 0 (top of tier 1)
    [InlineData("250000", "1200")] // 250,000 × 0.5% − 50
    [InlineData("2000000", "33700")] // 2,000,000 × 2.5% − 16,300
    [InlineData("12000000", "333700")] // 12,000,000 × 5% − 266,300
    public void Maintenance_margin_is_notional_times_rate_minus_maintenance_amount(string notional, string expected)
    {
        var world = Usdt.Build();
        Assert.Equal(world.Quote(expected), Btcusdt2021().MaintenanceRequirement(world.Quote(notional)));
    }

    [Fact]
    public void Requirement_is_continuous_across_every_band_edge()
    {
        var schedule = Btcusdt2021();
        foreach (var tier in schedule.Tiers[..^1])
        {
            var atCap = schedule.MaintenanceRequirement(tier.NotionalCap);
            var justAbove = schedule.MaintenanceRequirement(tier.NotionalCap + new MarginCall.Core.Numbers.Quantums(1));
            Assert.InRange(justAbove.Value - atCap.Value, 0, 1);
        }
    }

    [Fact]
    public void Published_maintenance_amounts_make_a_continuous_schedule_and_dropping_one_does_not()
    {
        var published = Btcusdt2021();
        var tiers = published.Tiers.ToArray();
        tiers[2] = tiers[2] with { MaintenanceDeduction = tiers[2].MaintenanceDeduction + new MarginCall.Core.Numbers.Quantums(1_000_000) };

        Assert.True(published.IsContinuous);
        Assert.False(new MarginSchedule(tiers).IsContinuous); // a 1 USDT step at 250,000
        Assert.True(MarginSchedule.Flat(new MarginCall.Core.Numbers.Ppm(20_000), new MarginCall.Core.Numbers.Ppm(10_000)).IsContinuous);
    }
}
