using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Running;

/// <summary>Builds the engine's <see cref="Venue"/> from a scenario: the quote asset (id 0) and one perpetual market per entry.</summary>
public static class VenueFactory
{
    /// <summary>The venue of <paramref name="scenario"/>; tier caps and rates pass through <see cref="LedgerConversion"/>.</summary>
    public static Venue Create(Scenario scenario)
    {
        var quote = new Asset(new AssetId(0), scenario.Quote.Symbol, scenario.Quote.Decimals, 0, scenario.Quote.Symbol, Ppm.One, Ppm.One, Ppm.One, Ppm.One);
        var markets = new PerpetualMarket[scenario.Markets.Count];
        for (var i = 0; i < markets.Length; i++)
        {
            var spec = scenario.Markets[i];
            var bands = spec.Tiers
                .Select(t => (
                    t.NotionalCap is { } cap ? LedgerConversion.ToQuantums(cap, scenario.Quote.Decimals) : new Quantums(long.MaxValue),
                    LedgerConversion.ToPpm(t.InitialRate),
                    LedgerConversion.ToPpm(t.MaintenanceRate)))
                .ToList();
            markets[i] = new PerpetualMarket(
                new MarketId(i),
                spec.Symbol,
                spec.Symbol,
                spec.SizeDecimals,
                spec.PriceDecimals,
                scenario.Quote.Decimals,
                spec.StepSize,
                spec.TickSize,
                MarginSchedule.Continuous(bands));
        }

        return new Venue([quote], quote.Id, markets);
    }
}
